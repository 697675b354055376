#include "app/cli/Commands.h"
#include "core/common/Error.h"
#include "core/train/BaseModelTrainer.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace focus::cli {
namespace {

std::string commandLine(int argc, char** argv) {
    std::string out = "focus";
    for (int i = 1; i < argc; ++i) out += std::string(" ") + argv[i];
    return out;
}

std::vector<model::KmerTable> parseKmers(const std::string& text, int64_t dim) {
    // "4,6,8:32" -> k = 4 and 6 at full width, k = 8 with a 32-wide table projected up.
    std::vector<model::KmerTable> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        model::KmerTable t;
        const size_t colon = item.find(':');
        try {
            t.k = std::stoi(item.substr(0, colon));
            t.width = colon == std::string::npos ? dim : std::stoll(item.substr(colon + 1));
        } catch (const std::exception&) {
            throw Error("--kmers '" + text + "': expected K[:WIDTH],..., got '" + item + "'");
        }
        out.push_back(t);
    }
    return out;
}

std::string duration(double seconds) {
    char buf[32];
    const long s = long(seconds);
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

}  // namespace

void addTrainCommands(CLI::App& app, int argc, char** argv) {
    auto o = std::make_shared<train::BaseTrainOptions>();
    auto kmers = std::make_shared<std::string>("4,6,8:32");
    auto schedule = std::make_shared<std::string>();
    auto context = std::make_shared<int64_t>(2048);
    auto batch = std::make_shared<int64_t>(4);
    CLI::App* cmd = app.add_subcommand("train-model", "Train the DNA language model on genome regions");
    cmd->add_option("--fasta", o->fasta, "FASTA with the training and validation regions")->required();
    cmd->add_option("--train", o->trainRegions, "Training regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--val", o->valRegions, "Validation regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--out", o->outDir, "Model directory to write (resumes a checkpoint found there)")->required();
    cmd->add_option("--layers", o->model.layers, "Transformer blocks")->capture_default_str();
    cmd->add_option("--dim", o->model.dim, "Model width")->capture_default_str();
    cmd->add_option("--heads", o->model.heads, "Attention heads")->capture_default_str();
    auto kvHeads = std::make_shared<int64_t>(0);
    cmd->add_option("--kv-heads", *kvHeads, "Key/value heads (grouped-query attention when fewer; default: --heads)");
    cmd->add_option("--mlp-hidden", o->model.mlpHidden, "SwiGLU hidden width")->capture_default_str();
    cmd->add_option("--kmers", *kmers, "k-mer input tables K[:WIDTH],... (empty: none)")->capture_default_str();
    cmd->add_option("--context", *context, "Training context (the model's max_context)")->capture_default_str();
    cmd->add_option("--batch", *batch, "Windows per step at --context")->capture_default_str();
    cmd->add_option("--context-schedule", *schedule,
                    "Sequence-length warm-up CONTEXT:BATCH[@FRACTION],..., e.g. 1024:8,2048:4@0.85 "
                    "(the last context becomes max_context)");
    cmd->add_option("--steps", o->steps, "Optimizer steps")->capture_default_str();
    cmd->add_option("--accumulation", o->accumulation, "Micro-batches per step")->capture_default_str();
    cmd->add_option("--lr", o->lr, "Peak learning rate")->capture_default_str();
    cmd->add_option("--warmup", o->warmupSteps, "Warm-up steps")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--val-every", o->validateEvery, "Validate every N steps")->capture_default_str();
    cmd->add_option("--val-windows", o->validationWindows, "Validation windows")->capture_default_str();
    cmd->add_option("--checkpoint-every", o->checkpointEvery, "Checkpoint every N steps")->capture_default_str();
    cmd->add_option("--log-every", o->logEvery, "Report every N steps")->capture_default_str();
    cmd->add_option("--dtype", o->weightsDtype, "Weights dtype of the saved model: F32, F16, BF16")
        ->capture_default_str();
    auto stopAfter = std::make_shared<int64_t>(0);
    cmd->add_option("--stop-after", *stopAfter, "Stop (checkpointed, resumable) after N steps, as if interrupted")
        ->group("");  // hidden: used by the resume tests
    const std::string command = commandLine(argc, argv);
    cmd->callback([o, kmers, schedule, context, batch, kvHeads, stopAfter, command] {
        o->command = command;
        o->model.kvHeads = *kvHeads > 0 ? *kvHeads : o->model.heads;
        o->model.kmers = parseKmers(*kmers, o->model.dim);
        o->schedule = schedule->empty() ? std::vector<train::ContextPhase>{{0.0, *context, *batch}}
                                        : train::parseContextSchedule(*schedule);
        o->model.maxContext = o->schedule.back().context;
        if (o->checkpointEvery % o->logEvery != 0)
            throw Error("--checkpoint-every must be a multiple of --log-every");
        const CancelToken cancel = interruptToken();
        const int64_t stop = *stopAfter;
        const train::TrainResult r = train::trainBaseModel(
            *o,
            [cancel, stop](const train::TrainProgress& p) mutable {
                if (stop > 0 && p.step >= stop) cancel.cancel();
                std::fprintf(stderr, "step %lld/%lld  train %.4f bits/base  lr %.2e  ctx %lld  %.0f tok/s  eta %s%s\n",
                             (long long)p.step, (long long)p.steps, p.loss, p.lr, (long long)p.context,
                             p.tokensPerSecond, duration(p.etaSeconds).c_str(),
                             p.validationBitsPerBase
                                 ? ("  val " + std::to_string(*p.validationBitsPerBase) + " bits/base").c_str()
                                 : "");
            },
            cancel);
        std::printf("trained %lld steps, %lld tokens in %s: train %.4f, validation %.4f bits/base -> %s\n",
                    (long long)r.steps, (long long)r.tokens, duration(r.seconds).c_str(), r.finalTrainBits,
                    r.finalValidationBits, o->outDir.c_str());
    });
}

}  // namespace focus::cli
