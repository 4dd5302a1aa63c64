// Peer plumbing: the runner's JSON read back exactly, and failures turned into skip reasons.
#include "bench/peer_process.h"

#include <gtest/gtest.h>

#include "bench/pytorch_peer.h"

namespace eb {
namespace {

TEST(PeerProcess, ReadsRuntimeSamplesAndOverheadAfterChatter) {
  auto t = RunPeerCommand(
      R"(printf 'warming up\n{"runtime": "fake 1.0", "samples_us": [3.5, 4], "overhead_us": 2.25}\n')", "fake");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->runtime, "fake 1.0");
  EXPECT_EQ(t->samples_us, (std::vector<double>{3.5, 4}));
  ASSERT_TRUE(t->overhead_us.has_value());
  EXPECT_EQ(*t->overhead_us, 2.25);
}

TEST(PeerProcess, OverheadIsOptional) {
  auto t = RunPeerCommand(R"(printf '{"runtime": "fake", "samples_us": []}')", "fake");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_FALSE(t->overhead_us.has_value());
}

TEST(PeerProcess, FailureReportsTheRunnersLastLine) {
  auto t = RunPeerCommand("printf 'noise\\nfake peer: no such model\\n'; exit 1", "the fake runner");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "the fake runner failed: fake peer: no such model");
}

TEST(PeerProcess, QuotesForTheShell) { EXPECT_EQ(ShellQuote("a b'c"), "'a b'\\''c'"); }

TEST(PyTorchPeer, MissingRunnerIsAReasonNotACrash) {
  auto t = RunPyTorchPeer("/nonexistent/peers/pytorch", PeerRequest{});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "/nonexistent/peers/pytorch/runner.py is missing");
}

}  // namespace
}  // namespace eb
