// GoogleTest entry point shared by every test file.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
#ifdef EB_TEST_OBJECT_CACHE
  // Firmware builds share one object cache per build folder (src/targets/cortex_m4/object_cache.h): the test
  // processes ctest runs side by side, and the CLI processes they start, compile each kernel once per run
  // instead of once per test, and never write to the user's ~/.cache. An EB_CACHE_DIR already set wins
  // (scripts/test.sh shares one folder between its two builds; "off" tests the uncached path). Set before any
  // thread starts.
  setenv("EB_CACHE_DIR", EB_TEST_OBJECT_CACHE, 0);
#endif
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
