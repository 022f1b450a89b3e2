package store

import (
	"crypto/sha256"
	"encoding/binary"
)

var (
	bucketMeta           = []byte("meta")
	bucketSites          = []byte("sites")
	bucketSitesByKey     = []byte("sites_by_key")
	bucketAgents         = []byte("agents")
	bucketAgentsByEmail  = []byte("agents_by_email")
	bucketSessions       = []byte("sessions")
	bucketVisitors       = []byte("visitors")
	bucketVisitorsByTok  = []byte("visitors_by_token")
	bucketConversations  = []byte("conversations")
	bucketConvsBySite    = []byte("convs_by_site")
	bucketConvsByVisitor = []byte("convs_by_visitor")
	bucketMessages       = []byte("messages")
	bucketMessageCIDs    = []byte("message_cids")
	bucketVisitorsByExt  = []byte("visitors_by_external")
	bucketIdentityProofs = []byte("identity_proofs")

	bucketAttachments       = []byte("attachments")
	bucketAttachmentsByConv = []byte("attachments_by_conv")
	bucketUploadsPending    = []byte("uploads_pending")

	keySchema = []byte("schema")
)

// itob encodes an id as 8 big-endian bytes, so keys sort by id.
func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// pair is the composite key a|b of two ids.
func pair(a, b uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, a)
	binary.BigEndian.PutUint64(k[8:], b)
	return k
}

// extKey is siteID|externalID.
func extKey(site uint64, ext string) []byte {
	k := make([]byte, 8+len(ext))
	binary.BigEndian.PutUint64(k, site)
	copy(k[8:], ext)
	return k
}

// cidKey is convID|cid.
func cidKey(conv uint64, cid string) []byte {
	k := make([]byte, 8+len(cid))
	binary.BigEndian.PutUint64(k, conv)
	copy(k[8:], cid)
	return k
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
