#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ps::report {

TEST(JsonWriter, MatchesNlohmannLayout) {
  JsonWriter w(2);
  w.begin_object();
  w.kv("a", 1).kv("s", "x\"y\\z\n\t\x01").key("e").begin_array().end_array().key("o").begin_object().end_object();
  w.key("arr").begin_array().value(true).null().value(14.2).value(5.0).end_array();
  w.end_object();
  nlohmann::ordered_json j;
  j["a"] = 1;
  j["s"] = "x\"y\\z\n\t\x01";
  j["e"] = nlohmann::ordered_json::array();
  j["o"] = nlohmann::ordered_json::object();
  j["arr"] = {true, nullptr, 14.2, 5.0};
  EXPECT_EQ(w.str(), j.dump(2));
  JsonWriter c(-1);
  c.begin_object().kv("a", 1).key("b").begin_array().value("x").end_array().end_object();
  EXPECT_EQ(c.str(), "{\"a\":1,\"b\":[\"x\"]}");
}

TEST(JsonWriter, InvalidUtf8IsReplacedAndJapaneseKept) {
  std::string out;
  append_json_string(out, "あ\xff" "b\xe3\x81");
  EXPECT_EQ(out, "\"あ\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_NO_THROW(nlohmann::json::parse(out));
}

TEST(JsonWriter, RawValuesAreInserted) {
  JsonWriter w(-1);
  w.begin_array().raw("{\"k\":[1,2]}").value(uint64_t{7}).end_array();
  EXPECT_EQ(w.str(), "[{\"k\":[1,2]},7]");
}

}  // namespace ps::report
