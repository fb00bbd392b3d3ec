package ircnet

import (
	"bytes"
	"sync"
)

// Buffer is a goroutine-safe buffer for a test's logs or a child process's
// stderr, read when the test fails.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
