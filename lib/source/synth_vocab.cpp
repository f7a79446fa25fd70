#include "source/synth_vocab.hpp"

#include <array>

namespace tweetmap {
namespace {

using namespace std::string_view_literals;

constexpr std::array kCommonTags = {
    "news"sv,        "Music"sv,      "love"sv,       "NowPlaying"sv, "travel"sv,
    "photography"sv, "Football"sv,   "NBA"sv,        "kpop"sv,       "BTS"sv,
    "AI"sv,          "tech"sv,       "fútbol"sv,     "música"sv,     "food"sv,
    "Bitcoin"sv,     "art"sv,        "gaming"sv,     "anime"sv,      "Netflix"sv,
    "weather"sv,     "sunset"sv,     "coffee"sv,     "fitness"sv,    "今日の一枚"sv,
    "拡散希望"sv,    "ラーメン"sv,   "futebol"sv,    "amor"sv,       "viagem"sv,
    "F1"sv,          "WorldCup"sv,   "Olympics"sv,   "cricket"sv,    "IPL"sv,
    "tennis"sv,      "musique"sv,    "voyage"sv,     "café"sv,       "Berlin"sv,
    "Wetter"sv,      "Москва"sv,     "любовь"sv,     "美食"sv,       "旅行"sv,
    "먹스타그램"sv,  "일상"sv,       "رمضان"sv,      "السعودية"sv,   "भारत"sv,
    "Bollywood"sv,   "กรุงเทพ"sv,     "Ελλάδα"sv,     "España"sv,     "México"sv,
    "Brasil"sv,      "Paris"sv,      "London"sv,     "NYC"sv,        "Tokyo"sv,
    "climate"sv,     "science"sv,    "space"sv,      "NASA"sv,       "jobs"sv,
    "startup"sv,     "marketing"sv,  "design"sv,     "books"sv,      "history"sv,
    "dogs"sv,        "cats"sv,       "猫"sv,         "桜"sv,         "streetart"sv,
    "festival"sv,    "yoga"sv,       "selfie"sv,     "TBT"sv,        "motivation"sv,
    "nature"sv,      "beach"sv,      "summer"sv,     "winter"sv,     "rain"sv,
    "traffic"sv,     "election"sv,   "breaking"sv,   "crypto"sv,     "movies"sv,
    "Premier"sv,     "LaLiga"sv,     "SerieA"sv,     "Bundesliga"sv, "ChampionsLeague"sv,
    "Ligue1"sv,      "NFL"sv,        "MLB"sv,        "NHL"sv,        "UFC"sv,
    "boxing"sv,      "cycling"sv,    "running"sv,    "marathon"sv,   "vegan"sv,
    "recipe"sv,      "pizza"sv,      "sushi"sv,      "tacos"sv,      "brunch"sv,
    "wine"sv,        "beer"sv,       "tea"sv,        "chá"sv,        "çay"sv,
    "kahve"sv,       "iyiGeceler"sv, "buenosdías"sv, "bomdia"sv,     "bonjour"sv,
    "guteNacht"sv,   "oggi"sv,       "Roma"sv,       "Milano"sv,     "Madrid"sv,
    "Jakarta"sv,     "Manila"sv,     "Lagos"sv,      "Nairobi"sv,    "Cairo"sv,
    "Dubai"sv,       "Seoul"sv,      "Bangkok"sv,    "Sydney"sv,     "Toronto"sv,
    "Chicago"sv,     "LA"sv,         "photo"sv,      "instagood"sv,  "ootd"sv,
    "style"sv,       "beauty"sv,     "makeup"sv,     "family"sv,     "friends"sv,
    "weekend"sv,     "monday"sv,     "friday"sv,     "happy"sv,      "birthday"sv,
    "wedding"sv,     "baby"sv,       "school"sv,     "exam"sv,       "study"sv,
    "code"sv,        "opensource"sv, "Linux"sv,      "Python"sv,     "JavaScript"sv,
    "Rust"sv,
};

constexpr std::array kBurstTags = {
    "Earthquake"sv,
    "地震"sv,
    "Blackout"sv,
    "Apagón"sv,
    "Tormenta"sv,
    "FlashFlood"sv,
    "Incendio"sv,
    "Hailstorm"sv,
    "Heatwave"sv,
    "Canicule"sv,
    "Hitzewelle"sv,
    "Snowstorm"sv,
    "台風"sv,
    "대설"sv,
    "Наводнение"sv,
    "Землетрясение"sv,
    "Sismo"sv,
    "Terremoto"sv,
    "Tempestade"sv,
    "Enchente"sv,
    "PowerCut"sv,
    "TrainStrike"sv,
    "Huelga"sv,
    "Greve"sv,
    "Grève"sv,
    "CityDerby"sv,
    "ChampionsParade"sv,
    "FinalWhistle"sv,
    "Fireworks"sv,
    "Feuerwerk"sv,
    "FuegosArtificiales"sv,
    "ZombieWalk"sv,
    "FoodFest"sv,
    "StreetParade"sv,
    "Eclipse2026"sv,
    "NorthernLights"sv,
    "Tornado"sv,
    "Wildfire"sv,
    "Sandstorm"sv,
    "عاصفة"sv,
    "Landslide"sv,
    "BridgeClosed"sv,
    "ConcertTonight"sv,
    "SurpriseGig"sv,
    "MarathonDay"sv,
    "Protesta"sv,
    "Manif"sv,
    "Demo2026"sv,
    "洪水"sv,
    "停電"sv,
};

constexpr std::array kEn = {
    "Good morning"sv,
    "What a day"sv,
    "Can't believe this weather"sv,
    "Just landed"sv,
    "Best coffee in town"sv,
    "Traffic is crazy right now"sv,
    "Anyone else watching this?"sv,
    "Finally weekend"sv,
    "This view though"sv,
    "Late night thoughts"sv,
    "Heading out with friends"sv,
    "New blog post is up"sv,
};
constexpr std::array kEs = {"Buenos días"sv, "Qué calor hace hoy"sv, "Por fin viernes"sv,
                            "Qué partido"sv, "Café y a trabajar"sv,  "No me lo puedo creer"sv};
constexpr std::array kPt = {"Bom dia"sv,  "Que calor"sv,       "Finalmente sexta-feira"sv,
                            "Que jogo"sv, "Saudade de casa"sv, "Partiu praia"sv};
constexpr std::array kFr = {"Bonjour à tous"sv, "Quelle journée"sv, "Enfin le week-end"sv,
                            "Un café et au boulot"sv, "Il pleut encore"sv};
constexpr std::array kDe = {"Guten Morgen"sv, "Was für ein Tag"sv, "Endlich Wochenende"sv,
                            "Schon wieder Stau"sv, "Kaffee und los"sv};
constexpr std::array kIt = {"Buongiorno"sv, "Che giornata"sv, "Finalmente venerdì"sv,
                            "Un caffè e via"sv};
constexpr std::array kJa = {"おはようございます"sv, "今日は暑いですね"sv, "やっと週末"sv,
                            "ラーメン食べたい"sv, "電車が遅れてる"sv};
constexpr std::array kZh = {"早上好"sv, "今天天气真好"sv, "终于周末了"sv, "堵车了"sv};
constexpr std::array kKo = {"좋은 아침"sv, "오늘 날씨 좋다"sv, "드디어 주말"sv, "커피 한잔"sv};
constexpr std::array kAr = {"صباح الخير"sv, "يوم جميل"sv, "أخيرا عطلة نهاية الأسبوع"sv,
                            "الجو حار اليوم"sv};
constexpr std::array kRu = {"Доброе утро"sv, "Какой день"sv, "Наконец-то выходные"sv,
                            "Опять пробки"sv};
constexpr std::array kTr = {"Günaydın"sv, "Ne güzel bir gün"sv, "Nihayet hafta sonu"sv,
                            "Trafik yine felaket"sv};
constexpr std::array kId = {"Selamat pagi"sv, "Macet lagi"sv, "Akhirnya akhir pekan"sv,
                            "Ngopi dulu"sv};
constexpr std::array kHi = {"सुप्रभात"sv, "क्या दिन है"sv, "आज बहुत गर्मी है"sv};
constexpr std::array kTh = {"สวัสดีตอนเช้า"sv, "รถติดมาก"sv, "วันหยุดแล้ว"sv};

constexpr std::array kGiven = {
    "Ana"sv,   "Luis"sv,  "Maria"sv, "John"sv, "Aiko"sv, "Wei"sv,   "Fatima"sv, "Olga"sv,
    "Jin"sv,   "Priya"sv, "Lucas"sv, "Emma"sv, "Omar"sv, "Sofia"sv, "Kenji"sv,  "Chloé"sv,
    "Ahmed"sv, "Lea"sv,   "Mateo"sv, "Noah"sv, "Yuki"sv, "Ines"sv,  "Ravi"sv,   "Zoë"sv,
};
constexpr std::array kFamily = {
    "Silva"sv, "García"sv, "Smith"sv,  "Tanaka"sv, "Wang"sv,   "Khan"sv,   "Ivanova"sv, "Kim"sv,
    "Patel"sv, "Müller"sv, "Rossi"sv,  "Dubois"sv, "Nguyen"sv, "Santos"sv, "Yılmaz"sv,  "Ali"sv,
    "Sato"sv,  "Chen"sv,   "Okafor"sv, "Novak"sv,  "Jensen"sv, "López"sv,  "Haddad"sv,  "Park"sv,
};
constexpr std::array kHandle = {
    "sun"sv,   "moon"sv,  "pixel"sv, "coffee"sv, "urban"sv, "wild"sv, "blue"sv,  "nomad"sv,
    "map"sv,   "city"sv,  "river"sv, "noodle"sv, "retro"sv, "jazz"sv, "cloud"sv, "sky"sv,
    "fox"sv,   "tiger"sv, "dev"sv,   "news"sv,   "daily"sv, "lens"sv, "tea"sv,   "north"sv,
    "south"sv, "west"sv,  "east"sv,  "metro"sv,  "bike"sv,  "chef"sv, "film"sv,  "vinyl"sv,
};

}  // namespace

std::span<const std::string_view> synth_common_tags() { return kCommonTags; }
std::span<const std::string_view> synth_burst_tags() { return kBurstTags; }
std::span<const std::string_view> synth_given_names() { return kGiven; }
std::span<const std::string_view> synth_family_names() { return kFamily; }
std::span<const std::string_view> synth_handle_words() { return kHandle; }

std::span<const std::string_view> synth_phrases(std::string_view lang) {
  if (lang == "en") return kEn;
  if (lang == "es") return kEs;
  if (lang == "pt") return kPt;
  if (lang == "fr") return kFr;
  if (lang == "de") return kDe;
  if (lang == "it") return kIt;
  if (lang == "ja") return kJa;
  if (lang == "zh") return kZh;
  if (lang == "ko") return kKo;
  if (lang == "ar") return kAr;
  if (lang == "ru") return kRu;
  if (lang == "tr") return kTr;
  if (lang == "id") return kId;
  if (lang == "hi") return kHi;
  if (lang == "th") return kTh;
  return {};
}

}  // namespace tweetmap
