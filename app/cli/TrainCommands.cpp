#include "app/cli/Commands.h"
#include "app/cli/Options.h"
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
    auto entryMass = std::make_shared<std::string>("log_k");
    auto trainingK = std::make_shared<std::string>("25,50,100,200");
    auto fixedK = std::make_shared<bool>(false);
    auto stopAfter = std::make_shared<int64_t>(0);
    CLI::App* cmd = app.add_subcommand("train-adapter", "Train a FOCUS adapter (summary tokens) on a frozen model");
    cmd->add_option("--model", o->modelDir, "Base model directory")->required();
    cmd->add_option("--fasta", o->fasta, "FASTA with the training and validation regions")->required();
    cmd->add_option("--train", o->trainRegions, "Training regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--val", o->valRegions, "Validation regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--out", o->out, "Adapter file to write (.safetensors; resumes its checkpoint)")->required();
    using compress::FocusLimits;
    addInteger(cmd, "--k", o->focus.k, FocusLimits::k, "Bases per summary token at inference");
    addInteger(cmd, "--window", o->focus.windowBases, FocusLimits::windowBases, "Bases per window");
    cmd->add_option("--training-k", *trainingK, "k values drawn per step (randomised compression schedule)")
        ->capture_default_str();
    cmd->add_flag("--fixed-k", *fixedK, "Train at --k only (no random schedule)");
    cmd->add_option("--summary-attn", *attention, "Summary queries see: full, kmer_local, kmer_local_plus_prev")
        ->capture_default_str();
    cmd->add_option("--positions", *positions, "Rotary positions: compact, compact_capped, stream or bases (ours)")->capture_default_str();
    cmd->add_option("--boundary", *boundary, "Across windows keep: shared (all summaries), boundary_only")
        ->capture_default_str();
    cmd->add_flag("--summary-wo", o->focus.summaryOutputProjection, "Train a separate output projection too");
    addInteger(cmd, "--carry", o->focus.carryBases, FocusLimits::carryBases,
               "Bases whose K/V cross a window boundary (ours; 0: the paper)");
    cmd->add_option("--entries", *entries,
                    "What a closed window keeps per summary: summary (its K/V, the paper) or kmer_mean (ours)")
        ->capture_default_str();
    cmd->add_option("--entry-mass", *entryMass,
                    "Softmax mass of a kmer_mean entry: log_k, variance or pair_variance (ours)")
        ->capture_default_str();
    addInteger(cmd, "--entry-correction-rank", o->focus.entryCorrectionRank, FocusLimits::entryCorrectionRank,
               "Train a correction of kmer_mean entries (per-head logit bias and variance scale, a rank-R K/V map; "
               "zero at first, so step 0 is the training-free setting); 0: none");
    cmd->add_option("--init-from", o->initFrom,
                    "Start from this adapter's tensors (same base model, k and window), e.g. to add a correction "
                    "to a trained summary-token adapter");
    addInteger(cmd, "--loss-from-window", o->lossFromWindow, IntRange{-1, train::TrainLimits::windowsPerSample.max},
               "Loss on windows >= N of each sample (-1: 1 with hidden window summaries, whose window 0 is exact; else 0)");
    addInteger(cmd, "--reach", o->focus.reachTokens, FocusLimits::reachTokens,
               "Entries seen no further back than this many tokens (ours; 0: no limit, the paper)");
    cmd->add_option("--window-summaries", *windowSummaries,
                    "Base queries see their window's summary tokens (seen, the paper) or not (hidden, ours)")
        ->capture_default_str();
    cmd->add_option("--summary-init", o->focus.summaryInit, "Token row the summary embedding starts from")
        ->capture_default_str();
    addInteger(cmd, "--windows", o->windowsPerSample, train::TrainLimits::windowsPerSample, "Windows per training sample");
    addInteger(cmd, "--batch", o->batch, train::TrainLimits::batch, "Samples per step");
    addInteger(cmd, "--steps", o->steps, train::TrainLimits::steps, "Optimizer steps");
    addReal(cmd, "--lr", o->lr, train::TrainLimits::learningRate, "Peak learning rate");
    addInteger(cmd, "--warmup", o->warmupSteps, train::TrainLimits::stepsInto, "Warm-up steps");
    addReal(cmd, "--distill", o->distill, train::TrainLimits::lossWeight,
            "Weight of KL(teacher || adapter) (0: cross-entropy only)");
    addReal(cmd, "--ce-weight", o->ceWeight, train::TrainLimits::lossWeight, "Weight of the next-base cross-entropy");
    addInteger(cmd, "--seed", o->seed, train::TrainLimits::seed, "Random seed");
    addInteger(cmd, "--threads", o->threads, train::TrainLimits::threads, "CPU threads (0: all cores)");
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    addInteger(cmd, "--val-every", o->validateEvery, train::TrainLimits::interval, "Validate every N steps");
    addInteger(cmd, "--val-samples", o->validationSamples, train::TrainLimits::validationCount, "Validation samples");
    addInteger(cmd, "--checkpoint-every", o->checkpointEvery, train::TrainLimits::interval,
               "Checkpoint every N steps (a multiple of --log-every)");
    addInteger(cmd, "--log-every", o->logEvery, train::TrainLimits::interval, "Report every N steps");
    addInteger(cmd, "--stop-after", *stopAfter, train::TrainLimits::stepsInto,
               "Stop (checkpointed, resumable) after N steps, as if interrupted")
        ->group("");
    cmd->callback([=] {
        o->command = command;
        o->focus.summaryAttention = compress::summaryAttentionFromName(*attention);
        o->focus.positions = compress::positionSchemeFromName(*positions);
        o->focus.boundary = compress::boundaryModeFromName(*boundary);
        o->focus.entries = compress::entryKindFromName(*entries);
        o->focus.basesSeeSummaries = compress::windowSummariesFromName(*windowSummaries);
        o->focus.entryMass = compress::entryMassFromName(*entryMass);
        o->focus.trainingK = compress::parseIntegerList(*trainingK, "--training-k");
        o->randomK = !*fixedK;
        o->validate();
        beforeModelWork();
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
                if (!quietOutput()) std::fprintf(stderr, "step %lld/%lld  loss %.4f bits/base  k %lld  lr %.2e  %.0f tok/s  eta %s%s\n",
                             (long long)p.step, (long long)p.steps, p.loss, (long long)p.k, p.lr, p.tokensPerSecond,
                             duration(p.etaSeconds).c_str(), val.c_str());
            },
            cancel);
        std::printf("%s %lld steps, %lld tokens in %s: validation mean |dp| %.3e (untrained %.3e), "
                    "dNLL %+.4f bits/base, KL %.2e bits -> %s\n",
                    r.alreadyFinished ? "already trained:" : "trained", (long long)r.steps, (long long)r.tokens,
                    duration(r.seconds).c_str(), r.finalMeanAbsDp, r.initialMeanAbsDp, r.finalDeltaNllBits,
                    r.finalKlBits, o->out.c_str());
        if (r.alreadyFinished)
            std::fprintf(stderr, "focus train-adapter: %s already holds the adapter this command trains; nothing to do "
                                 "(delete it, or choose another --out, to train again)\n",
                         o->out.c_str());
    });
}

void addTrainCommands(CLI::App& app, int argc, char** argv) {
    addAdapterCommand(app, commandLine(argc, argv));
    auto o = std::make_shared<train::BaseTrainOptions>();
    auto kmers = std::make_shared<std::string>("4,6,8:32");
    auto schedule = std::make_shared<std::string>();
    auto context = std::make_shared<int64_t>(2048);
    auto batch = std::make_shared<int64_t>(4);
    auto hybridConfig = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("train-model", "Train a DNA language model (transformer or StripedHyena 2) on genome regions");
    cmd->add_option("--fasta", o->fasta, "FASTA with the training and validation regions")->required();
    cmd->add_option("--train", o->trainRegions, "Training regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--val", o->valRegions, "Validation regions: LOCUS[,LOCUS..]")->required();
    cmd->add_option("--out", o->outDir, "Model directory to write (resumes a checkpoint found there)")->required();
    using model::ModelLimits;
    using train::TrainLimits;
    CLI::Option* hybridOption = cmd->add_option(
        "--hybrid-config", *hybridConfig,
        "Train a StripedHyena 2 hybrid (Evo 2's architecture) described by this Evo 2 YAML config instead of the "
        "transformer (--layers, --dim, --heads, --kv-heads, --mlp-hidden are then the file's); --kmers adds k-mer "
        "input tables, max_seqlen becomes the last context");
    addInteger(cmd, "--layers", o->model.layers, ModelLimits::layers, "Transformer blocks");
    addInteger(cmd, "--dim", o->model.dim, ModelLimits::dim, "Model width");
    addInteger(cmd, "--heads", o->model.heads, ModelLimits::heads, "Attention heads");
    auto kvHeads = std::make_shared<int64_t>(0);
    addInteger(cmd, "--kv-heads", *kvHeads, {0, ModelLimits::heads.max},
               "Key/value heads (grouped-query attention when fewer; 0: --heads)");
    addInteger(cmd, "--mlp-hidden", o->model.mlpHidden, ModelLimits::mlpHidden, "SwiGLU hidden width");
    cmd->add_option("--kmers", *kmers, "k-mer input tables K[:WIDTH],... (empty: none)")->capture_default_str();
    addInteger(cmd, "--context", *context, ModelLimits::maxContext, "Training context (the model's max_context)");
    addInteger(cmd, "--batch", *batch, TrainLimits::batch, "Windows per step at --context");
    cmd->add_option("--context-schedule", *schedule,
                    "Sequence-length warm-up CONTEXT:BATCH[@FRACTION],..., e.g. 1024:8,2048:4@0.85 "
                    "(the last context becomes max_context)");
    addInteger(cmd, "--steps", o->steps, TrainLimits::steps, "Optimizer steps");
    addInteger(cmd, "--accumulation", o->accumulation, TrainLimits::accumulation, "Micro-batches per step");
    addReal(cmd, "--lr", o->lr, TrainLimits::learningRate, "Peak learning rate");
    addInteger(cmd, "--warmup", o->warmupSteps, TrainLimits::stepsInto, "Warm-up steps");
    cmd->add_option("--init-from", o->initFrom,
                    "Start from this model directory's weights, not at random (same architecture; e.g. to train "
                    "it further at a longer context or on more data)");
    addReal(cmd, "--repeat-augment", o->repeatAugment, TrainLimits::probability,
            "Probability that a training window carries planted far copies of its own earlier bases (one per "
            "2,048 bases: mutated, 64-1000 bases long, 128+ back), so that copying from far back pays (ours; 0: off)");
    addInteger(cmd, "--seed", o->seed, TrainLimits::seed, "Random seed");
    addInteger(cmd, "--threads", o->threads, TrainLimits::threads, "CPU threads (0: all cores)");
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    addInteger(cmd, "--val-every", o->validateEvery, TrainLimits::interval, "Validate every N steps");
    addInteger(cmd, "--val-windows", o->validationWindows, TrainLimits::validationCount, "Validation windows");
    addInteger(cmd, "--checkpoint-every", o->checkpointEvery, TrainLimits::interval,
               "Checkpoint every N steps (a multiple of --log-every)");
    addInteger(cmd, "--log-every", o->logEvery, TrainLimits::interval, "Report every N steps");
    cmd->add_option("--dtype", o->weightsDtype, "Weights dtype of the saved model: F32, F16, BF16")
        ->capture_default_str();
    auto stopAfter = std::make_shared<int64_t>(0);
    addInteger(cmd, "--stop-after", *stopAfter, TrainLimits::stepsInto,
               "Stop (checkpointed, resumable) after N steps, as if interrupted")
        ->group("");  // hidden: used by the resume tests
    const std::string command = commandLine(argc, argv);
    for (const char* name : {"--layers", "--dim", "--heads", "--kv-heads", "--mlp-hidden"}) hybridOption->excludes(name);
    cmd->callback([o, kmers, schedule, context, batch, kvHeads, stopAfter, command, hybridConfig] {
        o->command = command;
        o->schedule = schedule->empty() ? std::vector<train::ContextPhase>{{0.0, *context, *batch}}
                                        : train::parseContextSchedule(*schedule);
        if (!hybridConfig->empty()) o->hybrid = train::hybridTrainingConfig(*hybridConfig, *kmers, o->schedule.back().context);
        o->model.kvHeads = *kvHeads > 0 ? *kvHeads : o->model.heads;
        o->model.kmers = model::parseKmerTables(*kmers, o->model.dim);
        o->model.maxContext = o->schedule.back().context;
        o->validate();
        beforeModelWork();
        const CancelToken cancel = interruptToken();
        const int64_t stop = *stopAfter;
        const train::TrainResult r = train::trainBaseModel(
            *o,
            [cancel, stop](const train::TrainProgress& p) mutable {
                if (stop > 0 && p.step >= stop) cancel.cancel();
                if (!quietOutput()) std::fprintf(stderr, "step %lld/%lld  train %.4f bits/base  lr %.2e  ctx %lld  %.0f tok/s  eta %s%s\n",
                             (long long)p.step, (long long)p.steps, p.loss, p.lr, (long long)p.context,
                             p.tokensPerSecond, duration(p.etaSeconds).c_str(),
                             p.validationBitsPerBase
                                 ? ("  val " + std::to_string(*p.validationBitsPerBase) + " bits/base").c_str()
                                 : "");
            },
            cancel);
        std::printf("%s %lld steps, %lld tokens in %s: train %.4f, validation %.4f bits/base -> %s\n",
                    r.alreadyFinished ? "already trained:" : "trained", (long long)r.steps, (long long)r.tokens,
                    duration(r.seconds).c_str(), r.finalTrainBits, r.finalValidationBits, o->outDir.c_str());
        if (r.alreadyFinished)
            std::fprintf(stderr, "focus train-model: %s already holds the model this command trains; nothing to do "
                                 "(delete it, or choose another --out, to train again)\n",
                         o->outDir.c_str());
    });
}

}  // namespace focus::cli
