// Package serve shares a meeting archive over SSH: whoever connects with an
// ordinary SSH client gets gavel's review UI, read-only, drawn for their
// own terminal (size, colours, background). It is gavel's SSH server and
// the only code that speaks SSH; what it shows comes from the App the
// caller gives it, so this package knows nothing about the archive or the
// view.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Config says where to listen and who may connect.
type Config struct {
	// Listen is HOST:PORT.
	Listen string
	// HostKey is the server's private key file; an ed25519 key is made
	// there the first time, so clients see the same host key across
	// restarts.
	HostKey string
	// AuthorizedKeys, when set, is an OpenSSH authorized_keys file: only
	// those keys may connect. Empty means anyone may (the archive is
	// served read-only).
	AuthorizedKeys string
	// IdleTimeout closes a connection with no traffic for this long (0:
	// never).
	IdleTimeout time.Duration
	// MaxSessions bounds concurrent sessions (0: 64).
	MaxSessions int
	// App builds the program's model for one session.
	App func(Session) tea.Model
	// Version is announced in the SSH banner (SSH-2.0-gavel_VERSION).
	Version string
	Logger  *slog.Logger
}

// Session is what the App learns about who connected.
type Session struct {
	User   string
	Remote string
	Width  int
	Height int
	// Term is the client's $TERM.
	Term string
	// Env is the environment the client sent (ssh SetEnv/SendEnv), where
	// NO_COLOR asks this session for no colour.
	Env []string
}

// Server is a running SSH server.
type Server struct {
	cfg    Config
	srv    *ssh.Server
	ln     net.Listener
	active atomic.Int64
	keys   *authorizedKeys
}

// New checks the configuration (a bad authorized_keys file or an unusable
// host key path is an error now, not at the first connection) and binds
// the listening socket.
func New(cfg Config) (*Server, error) {
	if cfg.App == nil {
		return nil, errors.New("serve: no app")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = 64
	}
	if cfg.HostKey == "" {
		return nil, errors.New("serve: no host key path")
	}
	if err := os.MkdirAll(filepath.Dir(cfg.HostKey), 0o700); err != nil {
		return nil, fmt.Errorf("host key directory: %w", err)
	}
	s := &Server{cfg: cfg}
	opts := []ssh.Option{
		wish.WithHostKeyPath(cfg.HostKey),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithMiddleware(
			bm.Middleware(s.program),
			s.admit, // runs first: the outermost middleware is the last one listed
		),
	}
	if cfg.Version != "" {
		opts = append(opts, wish.WithVersion("gavel_"+cfg.Version))
	}
	if cfg.AuthorizedKeys != "" {
		k, err := loadAuthorizedKeys(cfg.AuthorizedKeys)
		if err != nil {
			return nil, err
		}
		s.keys = k
		opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			ok := k.allows(key)
			if !ok {
				cfg.Logger.Info("ssh key refused", "user", ctx.User(), "remote", ctx.RemoteAddr().String(),
					"key", fingerprint(key))
			}
			return ok
		}))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, err
	}
	s.srv, s.ln = srv, ln
	return s, nil
}

// Addr is the address the server listens on (useful with port 0).
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Active is the number of sessions open now.
func (s *Server) Active() int { return int(s.active.Load()) }

// Serve answers connections until ctx ends, then closes every session
// (giving them a moment to restore their terminals).
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		s.srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// admit turns away sessions past the limit and those without a terminal,
// and logs who came and went.
func (s *Server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		log := s.cfg.Logger.With("user", sess.User(), "remote", sess.RemoteAddr().String())
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, "gavel serve shows the review UI and needs a terminal: connect with ssh -t")
			log.Info("ssh session without a terminal refused")
			return
		}
		if n := s.active.Add(1); n > int64(s.cfg.MaxSessions) {
			s.active.Add(-1)
			wish.Fatalln(sess, "gavel serve: too many sessions right now, try again later")
			log.Warn("ssh session refused: too many sessions", "max", s.cfg.MaxSessions)
			return
		}
		t0 := time.Now()
		log.Info("ssh session opened", "key", fingerprint(sess.PublicKey()), "sessions", s.active.Load())
		defer func() {
			s.active.Add(-1)
			log.Info("ssh session closed", "after", time.Since(t0).Round(time.Millisecond))
		}()
		next(sess)
	}
}

// program builds one session's Bubble Tea program.
func (s *Server) program(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
	pty, _, _ := sess.Pty()
	m := s.cfg.App(Session{
		User: sess.User(), Remote: sess.RemoteAddr().String(),
		Width: pty.Window.Width, Height: pty.Window.Height, Term: pty.Term, Env: sess.Environ(),
	})
	return m, []tea.ProgramOption{tea.WithContext(sess.Context())}
}

func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return ""
	}
	return gossh.FingerprintSHA256(k)
}
