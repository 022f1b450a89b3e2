package chat

// HoldConversation takes conversation conv's post lock, as a post waiting
// for its commit does, until release is called (for tests of what waits
// for what).
func HoldConversation(s *Service, conv uint64) (release func()) {
	return s.posting.lock(postKey{id: conv})
}
