#include "app/cli/Commands.h"
#include "core/common/Error.h"
#include "core/train/AdapterTrainer.h"
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

void addAdapterCommand(CLI::App& app, const std::string& command) {
    auto o = std::make_shared<train::AdapterTrainOptions>();
    auto attention = std::make_shared<std::string>("full");
    auto positions = std::make_shared<std::string>("compact");
    auto boundary = std::make_shared<std::string>("shared");
    auto entries = std::make_shared<std::string>("summary");
    auto windowSummaries = std::make_shared<std::string>("seen");
    auto trainingK = std::make_shared<std::string>("25,50,100,200");
    auto fixedK = std::make_shared<bool>(false);
    auto stopAfter = std::make_shared<int64_t>(0);
    CLI::App* cmd = app.add_subcommand("train-adapter", "Train a FOCUS adapter (summary tokens) on a frozen model");
    cmd->add_option("--model", o->modelDir, "Base model directory")->required();
    cmd->add_option("--fasta", o->fasta, "FASTA with the training and validation regions")->required();
    cmd->add_option("--train", o->trainRegions, "Training regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--val", o->valRegions, "Validation regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--out", o->out, "Adapter file to write (.safetensors; resumes its checkpoint)")->required();
    cmd->add_option("--k", o->focus.k, "Bases per summary token at inference")->capture_default_str();
    cmd->add_option("--window", o->focus.windowBases, "Bases per window")->capture_default_str();
    cmd->add_option("--training-k", *trainingK, "k values drawn per step (randomised compression schedule)")
        ->capture_default_str();
    cmd->add_flag("--fixed-k", *fixedK, "Train at --k only (no random schedule)");
    cmd->add_option("--summary-attn", *attention, "Summary queries see: full, kmer_local, kmer_local_plus_prev")
        ->capture_default_str();
    cmd->add_option("--positions", *positions, "Rotary positions: compact, compact_capped, stream or bases (ours)")->capture_default_str();
    cmd->add_option("--boundary", *boundary, "Across windows keep: shared (all summaries), boundary_only")
        ->capture_default_str();
    cmd->add_flag("--summary-wo", o->focus.summaryOutputProjection, "Train a separate output projection too");
    cmd->add_option("--carry", o->focus.carryBases, "Bases whose K/V cross a window boundary (ours; 0: the paper)")
        ->capture_default_str();
    cmd->add_option("--entries", *entries,
                    "What a closed window keeps per summary: summary (its K/V, the paper) or kmer_mean (ours)")
        ->capture_default_str();
    cmd->add_option("--reach", o->focus.reachTokens,
                    "Entries seen no further back than this many tokens (ours; 0: no limit, the paper)")
        ->capture_default_str();
    cmd->add_option("--window-summaries", *windowSummaries,
                    "Base queries see their window's summary tokens (seen, the paper) or not (hidden, ours)")
        ->capture_default_str();
    cmd->add_option("--summary-init", o->focus.summaryInit, "Token row the summary embedding starts from")
        ->capture_default_str();
    cmd->add_option("--windows", o->windowsPerSample, "Windows per training sample")->capture_default_str();
    cmd->add_option("--batch", o->batch, "Samples per step")->capture_default_str();
    cmd->add_option("--steps", o->steps, "Optimizer steps")->capture_default_str();
    cmd->add_option("--lr", o->lr, "Peak learning rate")->capture_default_str();
    cmd->add_option("--warmup", o->warmupSteps, "Warm-up steps")->capture_default_str();
    cmd->add_option("--distill", o->distill, "Weight of KL(teacher || adapter) (0: cross-entropy only)")
        ->capture_default_str();
    cmd->add_option("--ce-weight", o->ceWeight, "Weight of the next-base cross-entropy")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--val-every", o->validateEvery, "Validate every N steps")->capture_default_str();
    cmd->add_option("--val-samples", o->validationSamples, "Validation samples")->capture_default_str();
    cmd->add_option("--checkpoint-every", o->checkpointEvery, "Checkpoint every N steps")->capture_default_str();
    cmd->add_option("--log-every", o->logEvery, "Report every N steps")->capture_default_str();
    cmd->add_option("--stop-after", *stopAfter, "Stop (checkpointed, resumable) after N steps, as if interrupted")
        ->group("");
    cmd->callback([=] {
        o->command = command;
        o->focus.summaryAttention = compress::summaryAttentionFromName(*attention);
        o->focus.positions = compress::positionSchemeFromName(*positions);
        o->focus.boundary = compress::boundaryModeFromName(*boundary);
        o->focus.entries = compress::entryKindFromName(*entries);
        o->focus.basesSeeSummaries = compress::windowSummariesFromName(*windowSummaries);
        o->focus.trainingK = compress::parseIntegerList(*trainingK, "--training-k");
        o->randomK = !*fixedK;
        if (o->checkpointEvery % o->logEvery != 0)
            throw Error("--checkpoint-every must be a multiple of --log-every");
        const CancelToken cancel = interruptToken();
        const int64_t stop = *stopAfter;
        const train::AdapterTrainResult r = train::trainAdapter(
            *o,
            [cancel, stop](const train::AdapterProgress& p) mutable {
                if (stop > 0 && p.step >= stop) cancel.cancel();
                std::string val;
                if (p.validationMeanAbsDp) {
                    char buf[160];
                    std::snprintf(buf, sizeof buf, "  val |dp| %.3e  dNLL %+.4f bits  KL %.2e bits",
                                  *p.validationMeanAbsDp, *p.validationDeltaNllBits, *p.validationKlBits);
                    val = buf;
                }
                std::fprintf(stderr, "step %lld/%lld  loss %.4f bits/base  k %lld  lr %.2e  %.0f tok/s  eta %s%s\n",
                             (long long)p.step, (long long)p.steps, p.loss, (long long)p.k, p.lr, p.tokensPerSecond,
                             duration(p.etaSeconds).c_str(), val.c_str());
            },
            cancel);
        std::printf("trained %lld steps, %lld tokens in %s: validation mean |dp| %.3e (untrained %.3e), "
                    "dNLL %+.4f bits/base, KL %.2e bits -> %s\n",
                    (long long)r.steps, (long long)r.tokens, duration(r.seconds).c_str(), r.finalMeanAbsDp,
                    r.initialMeanAbsDp, r.finalDeltaNllBits, r.finalKlBits, o->out.c_str());
    });
}

void addTrainCommands(CLI::App& app, int argc, char** argv) {
    addAdapterCommand(app, commandLine(argc, argv));
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
