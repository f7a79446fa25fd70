#include "geocode/text_resolver.hpp"

#include <doctest/doctest.h>

#include <string>

#include "core/record.hpp"
#include "geocode/geocoder.hpp"

using namespace tweetmap;
using namespace tweetmap::geocode;

namespace {
std::string cc_of(std::string_view s) {
  auto r = resolve_text(Gazetteer::instance(), s);
  return r ? r->cc : std::string("-");
}
}  // namespace

TEST_CASE("text: a place after a locative word, in several languages") {
  CHECK(cc_of("Flooding in Porto Alegre tonight") == "BR");  // en
  CHECK(cc_of("Great concert at Madison Square... in Chicago") == "US");
  CHECK(cc_of("Llegando a Barcelona por fin") == "ES");        // es
  CHECK(cc_of("Chuva forte em Recife agora") == "BR");         // pt
  CHECK(cc_of("Je suis à Marseille ce soir") == "FR");         // fr
  CHECK(cc_of("Wir sind in München angekommen") == "DE");      // de
  CHECK(cc_of("Siamo a Napoli per il weekend") == "IT");       // it
  CHECK(cc_of("Снег в Новосибирске? Нет, в Москва") == "RU");  // ru
  CHECK(cc_of("Vandaag in Rotterdam") == "NL");                // nl
  CHECK(cc_of("Zdjęcia z Kraków") == "PL");                    // pl
  CHECK(cc_of("Moving to Japan next year") == "-");            // "to" is not a locative word
  CHECK(cc_of("Greetings from Canada") == "CA");
}

TEST_CASE("text: common words that are also places, and no locative, give nothing") {
  for (std::string_view s :
       {"Nice weather today", "Reading a book in bed", "Call me on my mobile", "Split the bill",
        "Sale ends at Midnight", "Paris Hilton is here", "I love Paris",  // no locative word
        "in paris", "Born in March", "in the Mood", "in Par\xC3\x28is", ""}) {
    CAPTURE(s);
    CHECK(cc_of(s) == "-");
  }
  std::string huge(100000, 'a');
  huge += " in Paris";
  CHECK(cc_of(huge) == "-");  // read up to kMaxTextBytes only
}

TEST_CASE("text: scripts without spaces and without case, next to their locative cues") {
  CHECK(cc_of("東京で地震がありました") == "JP");         // ja: the name before で
  CHECK(cc_of("明日から大阪に行きます") == "JP");         // ja: before に
  CHECK(cc_of("我现在在北京，天气很好") == "CN");         // zh: the name after 在
  CHECK(cc_of("来自上海的朋友") == "CN");                 // zh: after 来自
  CHECK(cc_of("오늘 서울에서 비가 와요") == "KR");        // ko: a particle glued to the name
  CHECK(cc_of("أمطار غزيرة في القاهرة الليلة") == "EG");  // ar: after في
  CHECK(cc_of("وصلت بالرياض اليوم") == "SA");             // ar: ب glued to the name
  CHECK(cc_of("Привет из Санкт-Петербург") == "RU");      // ru, hyphenated
}

TEST_CASE("text: CJK and Arabic text with no cue, or a cue next to no place, gives nothing") {
  for (std::string_view s :
       {"日本語が少し話せます", "今日は家で寝る", "现在我很忙", "東京タワーが好き",
        "서울 사람이에요", "في البيت الآن", "من فضلك ساعدني", "بالتأكيد نعم",
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81", "で", "在"}) {
    CAPTURE(s);
    CHECK(cc_of(s) == "-");
  }
}

TEST_CASE("geocode_record: modes, kinds and what is never changed") {
  Record r;
  r.author_location = "Rio de Janeiro, Brasil";
  r.text = "Flooding in Porto Alegre tonight";
  GeocodeModes none{};
  CHECK(geocode_record(r, none) == GeoKind::kNone);
  CHECK_FALSE(r.has_position());

  Record p = r;
  CHECK(geocode_record(p, {true, true}) == GeoKind::kProfile);
  CHECK(p.geo == GeoKind::kProfile);
  CHECK(p.cc == "BR");
  CHECK(p.place.find("Rio de Janeiro") == 0);

  Record t = r;
  CHECK(geocode_record(t, {false, true}) == GeoKind::kText);
  CHECK(t.geo == GeoKind::kText);
  CHECK(t.place.find("Porto Alegre") == 0);

  Record exact = r;
  exact.lat = 1.5;
  exact.lon = 2.5;
  exact.geo = GeoKind::kPoint;
  CHECK(geocode_record(exact, {true, true}) == GeoKind::kNone);
  CHECK(*exact.lat == 1.5);
  CHECK(exact.geo == GeoKind::kPoint);

  CHECK(parse_geocode_modes("all")->text);
  CHECK(parse_geocode_modes("profile,text")->profile);
  CHECK_FALSE(parse_geocode_modes("none")->any());
  CHECK_FALSE(parse_geocode_modes("bogus"));
  CHECK_FALSE(parse_geocode_modes(""));
}

TEST_CASE("text: locatives are found whatever their case and punctuation") {
  // The ASCII pre-check keys on the first letter: capitals and punctuation around the word.
  CHECK(cc_of("Flooding IN Porto Alegre tonight") == "BR");
  CHECK(cc_of("(in Porto Alegre) tonight") == "BR");
  CHECK(cc_of("...from Porto Alegre with love") == "BR");
  CHECK(cc_of("Zjazd w Krakowie, w Warszawa jutro") == "PL");
  CHECK(cc_of("Saludos desde Buenos Aires") == "AR");
  CHECK(cc_of("Rain 2in Porto Alegre") == "-");  // "2in" is no locative
}
