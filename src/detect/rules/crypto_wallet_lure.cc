// CRYPTO_WALLET_LURE: a crypto wallet must be validated, synchronised or restored with its recovery (seed) phrase. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "CRYPTO_WALLET_LURE"); }

extern const Rule kCryptoWalletLure{"CRYPTO_WALLET_LURE", "content", run};

}  // namespace ps::detect::rules
