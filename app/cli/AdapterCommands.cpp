// `focus adapter`: what a FOCUS adapter file says (its training configuration, training record and
// recommended inference settings) and what each preset would run with; `--recommend` stores the
// settings `score`, `compare` and the browser use by default (like a generation config).
#include "app/cli/Commands.h"
#include "core/common/Error.h"
#include "core/model/SafeTensors.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace focus::cli {
namespace {

struct AdapterArgs {
    std::string model, adapter, recommend;
};

void adapterCommand(const AdapterArgs& a) {
    scoring::Scorer scorer(a.model);  // checks that the adapter belongs to this model
    scorer.loadAdapter(a.adapter);
    nlohmann::json recommended = scorer.adapterRecommendation();
    if (!a.recommend.empty()) {
        // A preset's settings for this adapter and model, or a JSON object of settings.
        if (compress::isPresetName(a.recommend) && a.recommend != "recommended") {
            recommended = compress::inferenceSettingsJson(scorer.presetConfig(a.recommend));
        } else {
            try {
                recommended = nlohmann::json::parse(a.recommend);
            } catch (const nlohmann::json::exception&) {
                throw Error("--recommend '" + a.recommend + "' is neither a preset (best, paper, trained) nor a JSON object");
            }
        }
        compress::withInferenceSettings(scorer.adapterConfig(), recommended, "--recommend");
        model::SafeTensors file = model::SafeTensors::readFile(a.adapter);
        file.metadata()["focus.recommended"] = recommended.dump();
        file.writeFile(a.adapter);  // atomic: the old file stays whole until the new one is
        scorer.loadAdapter(a.adapter);  // read back as every loader will
        recommended = scorer.adapterRecommendation();
    }
    nlohmann::json presets = nlohmann::json::object();
    for (const std::string& name : compress::presetNames())
        presets[name] = compress::inferenceSettingsJson(scorer.presetConfig(name));
    const compress::FocusConfig trained = scorer.adapterConfig();
    const nlohmann::json out = {{"adapter", a.adapter},
                                {"k", trained.k},
                                {"window_bases", trained.windowBases},
                                {"trained_with", compress::inferenceSettingsJson(trained)},
                                {"recommended", recommended},
                                {"presets", presets},
                                {"trained_context", scorer.trainedContext()}};
    std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace

void addAdapterCommands(CLI::App& app) {
    auto a = std::make_shared<AdapterArgs>();
    CLI::App* cmd = app.add_subcommand(
        "adapter", "Show a FOCUS adapter's settings (trained with, recommended, each preset) as JSON; --recommend "
                   "stores the settings score, compare and the browser use by default");
    cmd->add_option("--model", a->model, "Model directory the adapter was trained for")->required();
    cmd->add_option("--adapter", a->adapter, "FOCUS adapter (.safetensors)")->required();
    cmd->add_option("--recommend", a->recommend,
                    "Store recommended inference settings: a preset (best, paper, trained) or a JSON object with any "
                    "of entries, positions, reach_tokens, carry_bases, window_summaries");
    cmd->callback([a] { adapterCommand(*a); });
}

}  // namespace focus::cli
