// The SVG chart primitives: axis ranges and ticks, tick labels, escaping, bar and scatter layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "report/svg_chart.h"

namespace eb::svg {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(SvgChart, LinearAxesTickAtOneTwoFive) {
  Axis a = MakeAxis(1.5, 12, true, true, 20);
  EXPECT_FALSE(a.log);
  EXPECT_EQ(a.ticks, (std::vector<double>{0, 5, 10, 15}));
  EXPECT_DOUBLE_EQ(a.Fraction(7.5), 0.5);
  a = MakeAxis(84.52, 93.22, false, false, 0);
  EXPECT_EQ(a.lo, 84);
  EXPECT_EQ(a.hi, 94);
  EXPECT_EQ(a.ticks.size(), 6u);
  a = MakeAxis(0.9, 2.0, true, false, 20);
  EXPECT_EQ(a.ticks, (std::vector<double>{0, 0.5, 1, 1.5, 2}));
  a = MakeAxis(3, 3, true, true, 20);  // one value: still a range with ticks
  EXPECT_EQ(a.lo, 0);
  EXPECT_GE(a.hi, 3);
}

TEST(SvgChart, LogAxesSpanWholeDecades) {
  Axis a = MakeAxis(0.25, 30, true, true, 20);
  EXPECT_TRUE(a.log);
  EXPECT_DOUBLE_EQ(a.lo, 0.1);
  EXPECT_DOUBLE_EQ(a.hi, 100);
  ASSERT_EQ(a.ticks.size(), 4u);
  EXPECT_DOUBLE_EQ(a.Fraction(10), 2.0 / 3.0);
  // Two decades or fewer also tick at 2 and 5.
  a = MakeAxis(3, 90, false, true, 10);
  EXPECT_EQ(a.ticks, (std::vector<double>{1, 2, 5, 10, 20, 50, 100}));
  EXPECT_FALSE(MakeAxis(3, 50, false, true, 20).log);   // 16.7x is below the ratio
  EXPECT_FALSE(MakeAxis(-1, 50, false, true, 20).log);  // not positive
}

TEST(SvgChart, TickLabelsUseTheDecimalsTheyNeed) {
  EXPECT_EQ(TickLabel(0), "0");
  EXPECT_EQ(TickLabel(0.1), "0.1");
  EXPECT_EQ(TickLabel(0.05), "0.05");
  EXPECT_EQ(TickLabel(2.5), "2.5");
  EXPECT_EQ(TickLabel(15), "15");
  EXPECT_EQ(TickLabel(10000), "10,000");
  EXPECT_EQ(TickLabel(1e6), "1,000,000");
  EXPECT_EQ(TickLabel(-20), "-20");
}

TEST(SvgChart, EscapesEveryMarkupCharacter) { EXPECT_EQ(Escape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c"); }

TEST(SvgChart, BarsAreLaidOutPerPanelWithFooter) {
  BarChart c;
  c.panels = {{"left", "units", false}, {"right", "KB", false}};
  c.groups = {{"g", {{"one", "#111111", {1.0, std::nullopt}, {"1 u", ""}}, {"two", "#222222", {2.0, 4.0}, {"2 u", "4 KB"}}}}};
  c.footer = {"two / one: 2×"};
  const std::string s = DrawBars(c);
  EXPECT_EQ(s.rfind("<svg width='", 0), 0u);
  std::smatch m;
  // Row "two" in panel one is full width; row "one" half of it.
  ASSERT_TRUE(std::regex_search(s, m, std::regex("<rect x='([0-9.]+)' y='[0-9.]+' width='([0-9.]+)' height='14' "
                                                 "fill='#111111'>")));
  const double w_one = std::stod(m[2]);
  ASSERT_TRUE(std::regex_search(s, m, std::regex("<rect x='([0-9.]+)' y='[0-9.]+' width='([0-9.]+)' height='14' "
                                                 "fill='#222222'>")));
  EXPECT_NEAR(std::stod(m[2]), 2 * w_one, 0.2);
  EXPECT_NE(s.find("font-weight='bold'>two / one: 2×</text>"), std::string::npos);
  EXPECT_NE(s.find(">left</text>"), std::string::npos);
  EXPECT_NE(s.find(">4 KB</text>"), std::string::npos);
  EXPECT_EQ(Count(s, "<rect "), 3u);  // row "one" has no second value, so no second bar
}

TEST(SvgChart, ScatterLabelsDoNotOverlap) {
  Scatter c;
  c.x_title = "x";
  c.y_title = "y";
  // Five points on one spot: each label must move to its own line.
  for (int i = 0; i < 5; ++i) c.points.push_back({10, 50, "label " + std::to_string(i), "", "#4e79a7", i % 4});
  const std::string s = DrawScatter(c);
  std::regex label("<text x='([0-9.]+)' y='([0-9.]+)' font-size='11'>label");
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<Box> boxes;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), label); it != std::sregex_iterator(); ++it) {
    const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
    boxes.push_back({x, y - 10, x + 7 * 6.2, y + 3});  // "label N" is 7 characters
  }
  ASSERT_EQ(boxes.size(), 5u);
  for (size_t i = 0; i < boxes.size(); ++i) {
    for (size_t j = i + 1; j < boxes.size(); ++j) {
      const Box &a = boxes[i], &b = boxes[j];
      EXPECT_FALSE(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) << i << " overlaps " << j;
    }
  }
  // Only the first label sits where it belongs (right of the point, on its line); the others get leader lines.
  EXPECT_EQ(Count(s, "stroke='#aaa'"), 4u);
  EXPECT_EQ(Count(s, "<title>label "), 5u);
}

}  // namespace
}  // namespace eb::svg
