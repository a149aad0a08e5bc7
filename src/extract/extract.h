// extract: the message's main text, its links (with where they were found) and images.
#pragma once
#include <string_view>
#include "core/limits.h"
#include "core/model.h"

namespace ps::extract {

// Main text: the first text/plain part, else the text of the first text/html part. Links from every HTML part
// (anchors with their visible text) and from the text parts, unique by URL, in order of appearance.
// Does a text start as an HTML page (a tag first, and several of the usual ones in its first 4 KiB)?
bool looks_like_html(std::string_view text);
core::Content extract_content(const core::Message& msg, const core::Limits& limits = {});

// Fills scheme, host, registrable domain... of a link from its url.
void fill_url_parts(core::Link& link);

}  // namespace ps::extract
