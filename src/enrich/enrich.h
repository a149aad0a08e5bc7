// enrich: looks up the external facts behind a message (sender IP, domains, link hosts, reputation, site) through
// an ObservationSource, and keeps every observation it used.
#pragma once
#include "core/model.h"
#include "enrich/observations.h"

namespace ps::enrich {

// The site of at most `max_site_probes` links is looked at (distinct URLs, in the order of the mail); the others say
// "not_probed".
core::Enrichment enrich(const core::Message& msg, const core::Content& content, ObservationSource& source,
                        size_t max_site_probes = 10);

// Whole calendar days from a registration date (YYYY-MM-DD) to the mail's received time, on the mail's own
// calendar (its UTC offset).
std::optional<int64_t> age_in_days(const std::string& registered, const core::Timestamp& at);

}  // namespace ps::enrich
