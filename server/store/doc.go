// Package store keeps Comptoir's data in one bbolt file.
//
// Every write goes through one group-commit writer goroutine (see writer.go):
// callers queue a function, the writer drains whatever is queued into a single
// bbolt Update, and each caller is answered only after that commit returns, so
// an acknowledgement always means "on disk". Reads use bbolt View directly.
//
// CONVERSATIONS: read and write them ONLY with loadConversation,
// storeConversation, storeHot and dropConversation (convcache.go), in
// writes and in views alike, never through the conversations bucket. These
// keep the decoded value next to the bytes it came from, so a write does
// not decode JSON again (and can never see a stale value), and merge the
// record with the hot fields of the tail (below).
// TestConversationsOnlyThroughTheCache fails on a direct use.
//
// MESSAGES: walk a conversation's messages with eachMessage (tail.go),
// which stops before the conversation's tail; look cids up with findCID,
// and one message with getMessage, never through messages or message_cids
// directly. A conversation's hot fields (LastSeq, Preview, unread counts,
// UpdatedAt …) live in its tail and override its JSON record;
// loadConversation applies them, storeHot writes them for a message
// without rewriting the record.
//
// JOURNAL: in the writer, storeHot appends a plain message or read mark
// to the journal instead, and the store keeps it in memory until a
// checkpoint moves it to its conversation (journal.go). The helpers above
// merge the journal in, as of the transaction's snapshot; any other write
// to a conversation's tail first moves its journaled changes
// (flushConversation, called by writeTail and eraseConversation). Reads
// go through db.view, which the journal counts.
//
// Bucket layout, schema version 13. Ids are 8-byte big-endian sequences from
// NextSequence; "a|b" is the concatenation of two such keys; values are JSON
// unless said otherwise.
//
//	meta               "schema" → uint64 version
//	sites              siteID → Site
//	sites_by_key       public key → siteID
//	agents             agentID → Agent
//	agents_by_email    lower-case email → agentID
//	sessions           sha256(session token) → Session
//	visitors           visitorID → Visitor
//	visitors_by_token  sha256(visitor token) → visitorID
//	conversations      convID → Conversation
//	convs_by_site      siteID|convID → nil
//	convs_by_visitor   visitorID|convID → nil
//	messages           convID|seq → Message, binary since v12 (msgcodec.go; older values JSON)
//	                   convID|2⁶⁴-1 → tail, binary: the conversation's hot fields and its newest cids (v10, v11; tail.go)
//	message_cids       convID|cid → seq   (a resent cid finds its message; older cids than the tail's)
//	journal            sequence → binary change: a message or a read mark not yet in its conversation (v13; journal.go)
//	visitors_by_external siteID|shop's id → visitorID   (verified identities; v2)
//	identity_proofs    sha256(proof) → {token hash, expiry}   (replay guard; v2)
//	audit              seq → AuditEntry   (admin actions, newest last; v3)
//	attachments        id (16 random bytes) → Attachment   (uploaded files; v4)
//	attachments_by_conv convID|id → nil   (erasing a conversation finds its files; v4)
//	uploads_pending    'v' or 'a'|uploaderID|id → nil   (uploads not sent yet; v4)
//	canned             id → CannedReply   (each site's canned replies; v5)
//	canned_by_site     siteID|shortcut → id   (shortcut unique per site, listed in order; v5)
//	mail_pending       convID → PendingReply   (agent replies not seen yet, waiting to be emailed; v6)
//	mail_outbox        id → Mail   (emails to shoppers until the SMTP server accepts them; v6)
//	meta "link_key"    32 random bytes signing the links in emails (mail.go)
//	confirm_due        deadline (Unix ns)|convID → nil   (awaiting the shopper's confirmation; v7)
//	teams              teamID → Team   (routing: a site's teams and their members; v8)
//	routing_waits      siteID → []milliseconds   (the site's last waits in line, newest last; v8)
//	search_dirty       'c' or 'v'|id → change number   (what the full-text index must look at; v9)
//
// Uploaded files' bytes are not in bbolt: each is the file
// <data dir>/uploads/<id in hex>, written before its record is committed and
// deleted after the commit that deletes the record (see attachment.go).
//
// The full-text index is not in bbolt: it lives in <data dir>/search/
// (package search), derived from this file and rebuilt from it when missing;
// search_dirty tells it what changed since it last caught up (search.go).
//
// Tokens are stored only as SHA-256 hashes: a copy of the file does not hand
// out sessions. Migrations are listed in migrate.go, one per version.
package store
