#include "ir/tensor.h"

namespace eb {

int64_t Tensor::num_elements() const {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

}  // namespace eb
