package hub

import "strconv"

// ConversationTopic carries a conversation's messages (agents viewing it).
func ConversationTopic(id uint64) Topic { return Topic("conv:" + strconv.FormatUint(id, 10)) }

// VisitorTopic carries every message of a visitor's conversations (all of
// the shopper's tabs).
func VisitorTopic(id uint64) Topic { return Topic("visitor:" + strconv.FormatUint(id, 10)) }

// SiteTopic carries conversation summaries for the site's agents' inboxes.
func SiteTopic(id uint64) Topic { return Topic("site:" + strconv.FormatUint(id, 10)) }

// SessionTopic reaches every connection of one agent session (logout closes them).
func SessionTopic(hash string) Topic { return Topic("session:" + hash) }

// SiteVisitorsTopic reaches every shopper's widget on a site (the team's
// availability).
func SiteVisitorsTopic(id uint64) Topic { return Topic("visitors:" + strconv.FormatUint(id, 10)) }
