// Hyena filters are stored per filter group; contiguous channels share a group (the reference's
// repeat_interleave layout: channel d uses group d / (channels / groups)). One place for that
// expansion and its error, and the precision they compute in, for HyenaFir and HyenaModal. Include only from .cpp files that
// already pay for LibTorch.
#pragma once

#include "core/common/Error.h"

#include <torch/torch.h>

#include <string>

namespace focus::model {

// rows [groups, ...] -> [channels, ...]; throws focus::Error when the channels do not divide.
inline torch::Tensor expandGroups(const torch::Tensor& rows, int64_t channels, const std::string& what) {
    const int64_t groups = rows.size(0);
    if (groups <= 0 || channels % groups != 0)
        throw Error(what + ": " + std::to_string(channels) + " channels do not divide into " + std::to_string(groups) +
                    " filter groups");
    return groups == channels ? rows : rows.repeat_interleave(channels / groups, 0);
}

// Hyena filters run in fp32 whatever the activations' dtype (bf16, fp16), as the reference does;
// a double model (tests) stays in double.
inline torch::ScalarType hyenaComputeType(const torch::Tensor& x) {
    return x.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
}

}  // namespace focus::model
