// The firmware console protocol, read back.
#include "targets/cortex_m4/harness_output.h"

#include <gtest/gtest.h>

namespace eb {
namespace {

TEST(HarnessOutput, ReadsOutputsCyclesAndStack) {
  auto r = ParseHarnessOutput("boot\nEB_OUTPUT 00ff7f\nEB_OUTPUT 80\r\nEB_CYCLES 0\nEB_STACK 208\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->outputs, (std::vector<uint8_t>{0x00, 0xff, 0x7f, 0x80}));
  EXPECT_EQ(r->dwt_cycles, 0);
  EXPECT_EQ(r->stack_bytes, 208);
  EXPECT_TRUE(r->errors.empty());
}

TEST(HarnessOutput, CollectsFailuresAndRejectsBadLines) {
  auto r = ParseHarnessOutput("EB_FAULT hardfault pc=08000123\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->errors, std::vector<std::string>{"EB_FAULT hardfault pc=08000123"});
  EXPECT_EQ(ParseHarnessOutput("EB_OUTPUT 0g\n").status().message(), "firmware console: bad hex in 'EB_OUTPUT 0g'");
  EXPECT_EQ(ParseHarnessOutput("EB_OUTPUT 012\n").status().message(),
            "firmware console: odd number of hex digits in 'EB_OUTPUT 012'");
  EXPECT_EQ(ParseHarnessOutput("EB_STACK lots\n").status().message(), "firmware console: bad line 'EB_STACK lots'");
}

}  // namespace
}  // namespace eb
