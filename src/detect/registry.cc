// The explicit list of detection rules. A new rule: add its file in rules/, declare it here, give it a weight in
// data/rules.json and messages in data/messages/{ja,en}.json (tests check all three agree).
#include "detect/rule.h"

namespace ps::detect {

namespace rules {
extern const Rule kServerSpamTag;
extern const Rule kSpfFail;
extern const Rule kDisplayNameBrandMismatch;
extern const Rule kSenderDomainUnofficial;
extern const Rule kRecipientLocalpartInSender;
extern const Rule kSenderDomainNew;
extern const Rule kSenderHostedAbroad;
extern const Rule kLinkBrandLookalike;
extern const Rule kLinkUnofficialDomain;
extern const Rule kLinkDomainNew;
extern const Rule kLinkBlocklisted;
extern const Rule kSiteLoginForm;
extern const Rule kSiteCloakingSuspected;
extern const Rule kSenderIpIsSiteIp;
extern const Rule kSenderSiteSameNetwork;
extern const Rule kDomainsRegisteredTogether;
extern const Rule kOfficialLinkMixedIn;
extern const Rule kUrgencyDeadline;
extern const Rule kGenericGreeting;
extern const Rule kAbruptApology;
extern const Rule kAccountRestriction;
extern const Rule kPaymentInfoProblem;
extern const Rule kCredentialRequest;
extern const Rule kLogoAsCidImage;
extern const Rule kLogoMissing;
extern const Rule kNoPhoneNumber;
extern const Rule kDkimFail;
extern const Rule kDmarcFail;
extern const Rule kDkimNotAligned;
extern const Rule kArcChainFailed;
extern const Rule kReplyToMismatch;
extern const Rule kReturnPathMismatch;
extern const Rule kMessageIdDomainMismatch;
extern const Rule kDisplayNameAddressMismatch;
extern const Rule kSpamFilterFlagged;
extern const Rule kHeaderTimeInconsistent;
extern const Rule kLinkIpHost;
extern const Rule kHiddenText;
extern const Rule kZeroWidthChars;
extern const Rule kTextHtmlMismatch;
extern const Rule kBrandWithoutOfficialDomain;
extern const Rule kSendOnlyAddress;
extern const Rule kLogoExternal;
extern const Rule kDesignLayout;
extern const Rule kOfficialSenderAuthenticated;
extern const Rule kLinkFreeHosting;
extern const Rule kLinkInQrCode;
extern const Rule kAttachmentLoginForm;
extern const Rule kMailboxLure;
extern const Rule kPrizeRewardLure;
extern const Rule kParcelFeeLure;
extern const Rule kTaxRefundLure;
extern const Rule kCryptoWalletLure;
extern const Rule kAdvanceFeeLure;
extern const Rule kSextortionLure;
extern const Rule kReceiverFlaggedPhishing;
extern const Rule kCompauthFail;
extern const Rule kFromDomainMalformed;
extern const Rule kLinkShortener;
extern const Rule kImageOnlyBody;
extern const Rule kRecipientInLink;
extern const Rule kHtmlSmuggling;
extern const Rule kEncryptedAttachmentPassword;
extern const Rule kLureLinkElsewhere;
extern const Rule kHomoglyphText;
extern const Rule kSpamContent;
extern const Rule kSubjectRandomToken;
}  // namespace rules

const std::vector<Rule>& registry() {
  static const std::vector<Rule> all = {
      rules::kServerSpamTag,        rules::kSpfFail,
      rules::kDisplayNameBrandMismatch, rules::kSenderDomainUnofficial,
      rules::kRecipientLocalpartInSender, rules::kSenderDomainNew,
      rules::kSenderHostedAbroad,   rules::kLinkBrandLookalike,
      rules::kLinkUnofficialDomain, rules::kLinkDomainNew,
      rules::kLinkBlocklisted,      rules::kSiteLoginForm,
      rules::kSiteCloakingSuspected, rules::kSenderIpIsSiteIp, rules::kSenderSiteSameNetwork, rules::kDomainsRegisteredTogether,
      rules::kOfficialLinkMixedIn,  rules::kUrgencyDeadline,
      rules::kGenericGreeting,      rules::kAbruptApology,
      rules::kAccountRestriction,   rules::kPaymentInfoProblem,
      rules::kCredentialRequest,    rules::kLogoAsCidImage,
      rules::kLogoMissing,          rules::kNoPhoneNumber,
      rules::kDkimFail,             rules::kDmarcFail,
      rules::kDkimNotAligned,       rules::kArcChainFailed,
      rules::kReplyToMismatch,      rules::kReturnPathMismatch,
      rules::kMessageIdDomainMismatch, rules::kDisplayNameAddressMismatch,
      rules::kSpamFilterFlagged,    rules::kHeaderTimeInconsistent,
      rules::kLinkIpHost,
      rules::kHiddenText,
      rules::kZeroWidthChars,
      rules::kTextHtmlMismatch,
      rules::kBrandWithoutOfficialDomain,
      rules::kSendOnlyAddress,
      rules::kLogoExternal,
      rules::kDesignLayout,
      rules::kOfficialSenderAuthenticated,
      rules::kLinkFreeHosting,
      rules::kLinkInQrCode,
      rules::kAttachmentLoginForm,
      rules::kMailboxLure,
      rules::kPrizeRewardLure,
      rules::kParcelFeeLure,
      rules::kTaxRefundLure,
      rules::kCryptoWalletLure,
      rules::kAdvanceFeeLure,
      rules::kSextortionLure,
      rules::kReceiverFlaggedPhishing,
      rules::kCompauthFail,
      rules::kFromDomainMalformed,
      rules::kLinkShortener,
      rules::kImageOnlyBody,
      rules::kRecipientInLink,
      rules::kHtmlSmuggling,
      rules::kEncryptedAttachmentPassword,
      rules::kLureLinkElsewhere,
      rules::kHomoglyphText,
      rules::kSpamContent,
      rules::kSubjectRandomToken,
  };
  return all;
}

}  // namespace ps::detect
