// Training checkpoints on a disk that fills up (issue 17): writeCheckpoint over a good checkpoint
// with every amount of free space from none to one page short must throw naming the file and the
// cause and leave the old checkpoint byte-identical (mode included, no temporary left); with
// exactly enough space it succeeds, keeps the 0600 mode, ignores symlinks planted at the old code's
// temporary names, and the run resumes from it. See tests/support/FullDiskWriter.h.
#include "core/train/TrainLoop.h"
#include "tests/support/FullDiskWriter.h"

#include <QtTest>

namespace {

// Three parameters of 64 x 64 and their moments: a ~150 KB checkpoint.
focus::train::NamedTensors parameters(float value) {
    focus::train::NamedTensors params;
    for (const char* name : {"embed", "attn.q", "mlp.up"})
        params.emplace_back(name, torch::full({64, 64}, value, torch::kFloat32));
    return params;
}

std::vector<torch::Tensor> values(const focus::train::NamedTensors& named) {
    std::vector<torch::Tensor> out;
    for (const auto& [name, tensor] : named) out.push_back(tensor);
    return out;
}

const nlohmann::json kFingerprint = {{"test", "full disk"}};

void writeAt(const std::string& path, float value, int64_t step) {
    const auto params = parameters(value);
    focus::train::AdamW adam;
    adam.init(values(params));
    adam.t = step;
    focus::train::RunState state;
    state.step = step;
    std::mt19937_64 rng{uint64_t(step)};
    focus::train::writeCheckpoint(path, params, adam, state, rng, kFingerprint);
}

focus::test::Writer checkpointWriter() {
    return {{"checkpoint.safetensors"},
            [](const std::string& d) { writeAt(d + "/checkpoint.safetensors", 1.0f, 10); },
            [](const std::string& d) { writeAt(d + "/checkpoint.safetensors", 2.0f, 20); },
            [](const std::string& d) {
                const auto params = parameters(0.0f);
                focus::train::AdamW adam;
                adam.init(values(params));
                focus::train::RunState state;
                std::mt19937_64 rng;
                if (!focus::train::readCheckpoint(d + "/checkpoint.safetensors", params, adam, state, rng, kFingerprint, 100))
                    return std::string("no checkpoint");
                if (state.step != 20 || params[0].second.max().item<float>() != 2.0f)
                    return std::string("the checkpoint holds the wrong run");
                return std::string();
            }};
}

}  // namespace

class TestFullDiskCheckpoint : public QObject {
    Q_OBJECT
    focus::test::SmallDiskPlace disk_;

private slots:
    void initTestCase() {
        // Every trial forks; OpenMP's worker pool does not survive a fork, so keep LibTorch on one thread.
        torch::set_num_threads(1);
        disk_.setUp();
    }

    void checkpoint() { focus::test::expectEveryShortfallRefused(checkpointWriter(), disk_); }
};

QTEST_GUILESS_MAIN(TestFullDiskCheckpoint)
#include "test_fulldisk_checkpoint.moc"
