// Which of a profile's free-form fields states where its author is: Mastodon accounts carry up to
// a few name/value "fields" (metadata), and a "Location" one is the nearest thing Mastodon has to
// X's user.location. Internal to the Mastodon status reader (lib/source/mastodon_status.cpp).
#pragma once

#include <string_view>

namespace tweetmap {

/// True when a profile field named `name` (plain text; HTML is not expected) names the author's
/// location: "Location", "Ort", "Lieu", "Ubicación", "Localização", "Posizione", "Locatie",
/// "所在地", ... (see kLocationFieldNames in the .cpp for the whole list), compared after Unicode
/// case folding and with anything that is not a letter or digit trimmed from both ends ("📍
/// Location:" matches); a name that is only a round pushpin or a globe emoji matches too.
bool is_location_field_name(std::string_view name);

}  // namespace tweetmap
