// The byte copy of view ops: exact bytes, and a copy of nothing (an empty tensor, whose data pointer may be
// null) that touches nothing and passes no null pointer to memcpy (UBSan's nonnull check).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "copy.h"

namespace {

TEST(Copy, CopiesExactlyTheBytes) {
  const std::vector<uint8_t> in = {1, 2, 3, 4, 5, 6, 7};
  std::vector<uint8_t> out(9, 0xEE);
  const eb_copy_params p{7};
  eb_copy(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 0xEE, 0xEE}));
}

TEST(Copy, NothingFromANullSource) {
  std::vector<uint8_t> out(4, 0xEE);
  const eb_copy_params p{0};
  eb_copy(&p, nullptr, out.data());
  eb_copy(&p, nullptr, nullptr);
  EXPECT_EQ(out, (std::vector<uint8_t>(4, 0xEE)));
}

}  // namespace
