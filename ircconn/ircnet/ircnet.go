// Package ircnet runs a throwaway IRC network for tests: InspIRCd 3 with
// Atheme 7 services (NickServ, SaslServ, ChanServ) on free loopback ports,
// with a freshly made test CA and server certificate for TLS. It also has a
// small raw IRC client (Client) for tests that play channel participants.
//
// The network needs the Debian packages inspircd and atheme-services
// (/usr/sbin/inspircd, /usr/bin/atheme-services). When they are missing,
// Start fails the test; it never skips.
//
//	n := ircnet.Start(t)            // stopped by t.Cleanup
//	c := n.Dial(t, "alice")        // registered raw client
//	c.Join(t, "#meeting")
package ircnet

import (
	"bytes"
	"context"
	"crypto/x509"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// Binaries the network runs.
const (
	InspIRCdPath = "/usr/sbin/inspircd"
	AthemePath   = "/usr/bin/atheme-services"
)

// ServerName is the IRC server's name and the name its certificate is for
// (SANs: irc.localhost, localhost, 127.0.0.1).
const ServerName = "irc.localhost"

// Oper credentials configured on the server (/OPER root testpass).
const (
	OperName = "root"
	OperPass = "testpass"
)

//go:embed inspircd.conf.tmpl
var inspircdTmpl string

//go:embed atheme.conf.tmpl
var athemeTmpl string

// Options change the network from its default.
type Options struct {
	// ChanHistory loads InspIRCd's chanhistory module and gives every new
	// channel mode +H 100:1d: a client that joins gets the channel's last
	// 100 lines replayed in a "chathistory" batch, with their msgid and
	// original server-time (whole seconds).
	ChanHistory bool
}

// Net is a running test network.
type Net struct {
	// Dir holds the configs, certificates, logs and services database.
	Dir string
	// Host is the address every listener binds to (127.0.0.1).
	Host string
	// Port is the plaintext client port, TLSPort the TLS client port,
	// LinkPort the server-to-server port atheme links on.
	Port, TLSPort, LinkPort int
	// CAFile is the PEM file of the CA that signed the server certificate;
	// CAPool holds the same CA.
	CAFile string
	CAPool *x509.CertPool
	opts   Options

	mu      sync.Mutex
	ircd    *proc
	atheme  *proc
	starts  int // inspircd starts, to name its stdout files
	closed  bool
	athemeL string // atheme's stdout file
}

// proc is a child process we started and will stop by PID.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Addr is the plaintext client address, host:port.
func (n *Net) Addr() string { return net.JoinHostPort(n.Host, strconv.Itoa(n.Port)) }

// TLSAddr is the TLS client address, host:port.
func (n *Net) TLSAddr() string { return net.JoinHostPort(n.Host, strconv.Itoa(n.TLSPort)) }

// Installed reports whether both server binaries are present, and if not
// which one is missing.
func Installed() error {
	for _, p := range []string{InspIRCdPath, AthemePath} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s not found: install the Debian packages inspircd and atheme-services", p)
		}
	}
	return nil
}

// Start starts a network in a temporary directory of t and stops it when
// the test ends. Missing binaries fail the test.
func Start(t testing.TB) *Net {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith is Start with options.
func StartWith(t testing.TB, opts Options) *Net {
	t.Helper()
	if err := Installed(); err != nil {
		t.Fatalf("inspircd not installed: run the README test command (scripts/test.sh installs inspircd and atheme-services): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n, err := NewWith(ctx, t.TempDir(), opts)
	if err != nil {
		t.Fatalf("ircnet: %v", err)
	}
	t.Cleanup(func() {
		if err := n.Close(); err != nil {
			t.Logf("ircnet: close: %v", err)
		}
		if t.Failed() {
			t.Logf("ircnet logs in %s", n.Dir)
		}
	})
	return n
}

// New writes the configuration into dir (which must exist) and starts
// InspIRCd and Atheme on free loopback ports. It returns once atheme has
// linked, so SASL and NickServ work at once. Close stops both.
func New(ctx context.Context, dir string) (*Net, error) { return NewWith(ctx, dir, Options{}) }

// NewWith is New with options.
func NewWith(ctx context.Context, dir string, opts Options) (*Net, error) {
	if err := Installed(); err != nil {
		return nil, err
	}
	p, err := testPKI()
	if err != nil {
		return nil, fmt.Errorf("making test certificates: %w", err)
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"data", "log", "run", "atheme"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	n := &Net{Dir: dir, Host: "127.0.0.1", CAFile: filepath.Join(dir, "ca.pem"), CAPool: p.pool, opts: opts}
	files := map[string][]byte{"ca.pem": p.caPEM, "server.pem": p.certPEM, "server.key": p.keyPEM}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	// A port picked free may be taken before inspircd binds it: try again
	// with new ports a few times.
	var lastErr error
	for attempt := 0; attempt < 4; attempt++ {
		ports, err := FreePorts(3)
		if err != nil {
			return nil, err
		}
		n.Port, n.TLSPort, n.LinkPort = ports[0], ports[1], ports[2]
		if err := n.writeConfigs(); err != nil {
			return nil, err
		}
		lastErr = n.startIRCd(ctx)
		if lastErr == nil {
			break
		}
		if !errors.Is(lastErr, errBind) {
			return nil, lastErr
		}
	}
	if lastErr != nil {
		return nil, lastErr
	}
	if err := n.startAtheme(ctx); err != nil {
		n.Close()
		return nil, err
	}
	return n, nil
}

var errBind = errors.New("inspircd could not bind a port")

// FreePorts returns k loopback TCP ports free right now (held open together
// so they differ), for test servers to bind.
func FreePorts(k int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range k {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func (n *Net) writeConfigs() error {
	data := struct {
		Dir                     string
		Port, TLSPort, LinkPort int
		ChanHistory             bool
	}{n.Dir, n.Port, n.TLSPort, n.LinkPort, n.opts.ChanHistory}
	for name, text := range map[string]string{"inspircd.conf": inspircdTmpl, "atheme.conf": athemeTmpl} {
		var b bytes.Buffer
		if err := template.Must(template.New(name).Parse(text)).Execute(&b, data); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(n.Dir, name), b.Bytes(), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// spawn starts argv in its own session with output to logFile. The child
// is killed if the test process dies.
func spawn(name, logFile string, argv ...string) (*proc, error) {
	out, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		out.Close()
		close(p.done)
	}()
	return p, nil
}

// stop sends SIGTERM, then SIGKILL after 5 s, and waits for the exit.
// InspIRCd 3.15 with ssl_gnutls segfaults while exiting (status 139); that
// is not an error here.
func (p *proc) stop() {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *proc) running() bool {
	if p == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// waitFor polls file until it contains want (count times), the process
// exits, or ctx ends.
func waitFor(ctx context.Context, p *proc, file, want string, count int) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		b, _ := os.ReadFile(file)
		if bytes.Count(b, []byte(want)) >= count {
			return nil
		}
		select {
		case <-p.done:
			b, _ = os.ReadFile(file)
			return fmt.Errorf("%s exited (%v) before %q:\n%s", p.name, p.err, want, tail(b))
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting for %q: %w:\n%s", p.name, want, ctx.Err(), tail(b))
		case <-tick.C:
		}
	}
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

func (n *Net) startIRCd(ctx context.Context) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return errors.New("ircnet: network closed")
	}
	if n.ircd.running() {
		return nil
	}
	n.starts++
	logFile := filepath.Join(n.Dir, "log", fmt.Sprintf("inspircd.%d.stdout", n.starts))
	args := []string{InspIRCdPath, "--config=" + filepath.Join(n.Dir, "inspircd.conf"), "--nofork", "--nopid"}
	if os.Getuid() == 0 {
		args = append(args, "--runasroot")
	}
	// InspIRCd raises its own core limit and segfaults on exit: a hard core
	// limit of 0 keeps it from leaving core files behind.
	argv := append([]string{"/bin/sh", "-c", `ulimit -H -c 0; exec "$@"`, "sh"}, args...)
	p, err := spawn("inspircd", logFile, argv...)
	if err != nil {
		return err
	}
	n.ircd = p
	if err := waitFor(ctx, p, logFile, "is now running", 1); err != nil {
		p.stop()
		b, _ := os.ReadFile(logFile)
		if bytes.Contains(b, []byte("failed to bind")) {
			return fmt.Errorf("%w: %v", errBind, err)
		}
		return err
	}
	if b, _ := os.ReadFile(logFile); bytes.Contains(b, []byte("failed to bind")) {
		p.stop()
		return fmt.Errorf("%w:\n%s", errBind, tail(b))
	}
	return nil
}

func (n *Net) startAtheme(ctx context.Context) error {
	n.mu.Lock()
	n.athemeL = filepath.Join(n.Dir, "log", "atheme.stdout")
	p, err := spawn("atheme", n.athemeL, AthemePath, "-n",
		"-c", filepath.Join(n.Dir, "atheme.conf"), "-D", filepath.Join(n.Dir, "atheme"),
		"-l", filepath.Join(n.Dir, "log", "atheme.log"), "-p", filepath.Join(n.Dir, "run", "atheme.pid"))
	if err != nil {
		n.mu.Unlock()
		return err
	}
	n.atheme = p
	n.mu.Unlock()
	return waitFor(ctx, p, n.athemeL, "finished synching with uplink", 1)
}

// Stop stops the IRC server alone (atheme keeps running and retries its
// link every second). Every client connection drops.
func (n *Net) Stop() {
	n.mu.Lock()
	p := n.ircd
	n.mu.Unlock()
	p.stop()
}

// Restart starts the IRC server again on the same ports (stopping it first
// if it is still running) and waits until atheme has linked again, so SASL
// works for the next connection.
func (n *Net) Restart(ctx context.Context) error {
	n.Stop()
	n.mu.Lock()
	links := 0
	if b, err := os.ReadFile(n.athemeL); err == nil {
		links = bytes.Count(b, []byte("finished synching with uplink"))
	}
	atheme := n.atheme
	n.mu.Unlock()
	// The ports were ours a moment ago; retry briefly if one is still held.
	var err error
	for range 10 {
		if err = n.startIRCd(ctx); !errors.Is(err, errBind) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	if atheme == nil {
		return nil
	}
	return waitFor(ctx, atheme, n.athemeL, "finished synching with uplink", links+1)
}

// Close stops atheme and InspIRCd and waits for both to exit.
func (n *Net) Close() error {
	n.mu.Lock()
	n.closed = true
	a, i := n.atheme, n.ircd
	n.mu.Unlock()
	a.stop()
	i.stop()
	return nil
}
