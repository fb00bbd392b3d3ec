// Package rabbitnet runs a throwaway RabbitMQ broker for tests: Debian's
// rabbitmq-server in a temporary directory, on free loopback ports, with
// its own epmd. Everything it starts it stops by PID: the broker script,
// its beam.smp, and the epmd.
//
// The broker needs the Debian package rabbitmq-server. When it is missing,
// Start fails the test; it never skips.
//
//	b := rabbitnet.Start(t)   // stopped by t.Cleanup
//	conn, _ := amqp.Dial(b.URL())
//	b.Stop(); b.Restart(ctx)  // an outage; durable queues survive it
package rabbitnet

import (
	"context"
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
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// Binaries the broker runs.
const (
	ServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server"
	EPMDPath   = "/usr/bin/epmd"
)

// Broker is a running test broker.
type Broker struct {
	// Dir holds the config, the database (kept across restarts) and logs.
	Dir string
	// Port is the AMQP port; EPMDPort and DistPort are Erlang's.
	Port, EPMDPort, DistPort int

	mu     sync.Mutex
	epmd   *exec.Cmd
	server *exec.Cmd
	beam   int // beam.smp, the server script's child
	waited chan struct{}
	starts int
}

// Installed reports whether the broker's binaries are present.
func Installed() error {
	for _, p := range []string{ServerPath, EPMDPath} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s not found: install the Debian package rabbitmq-server", p)
		}
	}
	return nil
}

// Start starts a broker in a temporary directory of t and stops it when
// the test ends.
func Start(t testing.TB) *Broker {
	t.Helper()
	if err := Installed(); err != nil {
		t.Fatalf("rabbitmq-server not installed: run the README test command (scripts/test.sh installs it): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b, err := New(ctx, t.TempDir())
	if err != nil {
		t.Fatalf("rabbitnet: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Logf("rabbitnet: close: %v", err)
		}
		if t.Failed() {
			t.Logf("rabbitnet logs in %s", b.Dir)
		}
	})
	return b
}

// New writes the configuration into dir and starts epmd and the broker on
// free loopback ports. It returns once the broker accepts AMQP connections.
func New(ctx context.Context, dir string) (*Broker, error) {
	if err := Installed(); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	ports, err := ircnet.FreePorts(3)
	if err != nil {
		return nil, err
	}
	b := &Broker{Dir: dir, Port: ports[0], EPMDPort: ports[1], DistPort: ports[2]}
	conf := fmt.Sprintf("listeners.tcp.default = 127.0.0.1:%d\nloopback_users = none\n", b.Port)
	if err := os.WriteFile(filepath.Join(dir, "rabbitmq.conf"), []byte(conf), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "enabled_plugins"), []byte("[].\n"), 0o600); err != nil {
		return nil, err
	}
	// Our own epmd in the foreground, so we hold its PID (one started by
	// the broker would daemonise and outlive it).
	epmd := exec.Command(EPMDPath, "-port", strconv.Itoa(b.EPMDPort))
	epmd.Env = b.env()
	epmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := epmd.Start(); err != nil {
		return nil, fmt.Errorf("epmd: %w", err)
	}
	b.epmd = epmd
	go epmd.Wait()
	if err := waitPort(ctx, b.EPMDPort); err != nil {
		b.Close()
		return nil, fmt.Errorf("epmd: %w", err)
	}
	if err := b.Restart(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *Broker) env() []string {
	return append(os.Environ(),
		"HOME="+b.Dir,
		"RABBITMQ_MNESIA_BASE="+filepath.Join(b.Dir, "mnesia"),
		"RABBITMQ_LOG_BASE="+filepath.Join(b.Dir, "log"),
		"RABBITMQ_CONFIG_FILE="+filepath.Join(b.Dir, "rabbitmq"),
		"RABBITMQ_ENABLED_PLUGINS_FILE="+filepath.Join(b.Dir, "enabled_plugins"),
		"RABBITMQ_NODE_PORT="+strconv.Itoa(b.Port),
		"RABBITMQ_DIST_PORT="+strconv.Itoa(b.DistPort),
		"RABBITMQ_NODENAME="+b.NodeName(),
		"ERL_EPMD_PORT="+strconv.Itoa(b.EPMDPort),
	)
}

// NodeName is the broker's Erlang node name (unique per broker).
func (b *Broker) NodeName() string { return "gaveltest" + strconv.Itoa(b.Port) + "@localhost" }

// URL is the AMQP URL of the default vhost as guest.
func (b *Broker) URL() string { return fmt.Sprintf("amqp://guest:guest@127.0.0.1:%d/", b.Port) }

// Restart starts the broker (again, after Stop) with the same database.
func (b *Broker) Restart(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.server != nil {
		return errors.New("rabbitnet: broker already running")
	}
	b.starts++
	out, err := os.Create(filepath.Join(b.Dir, fmt.Sprintf("server-%d.out", b.starts)))
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(ServerPath)
	cmd.Env = b.env()
	cmd.Dir = b.Dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("rabbitmq-server: %w", err)
	}
	b.server = cmd
	waited := make(chan struct{})
	b.waited = waited
	go func() { cmd.Wait(); close(waited) }()
	for {
		if conn, err := amqp.DialConfig(b.URL(), amqp.Config{Dial: amqp.DefaultDial(time.Second)}); err == nil {
			conn.Close()
			break
		}
		select {
		case <-waited:
			b.server = nil
			data, _ := os.ReadFile(out.Name())
			return fmt.Errorf("rabbitmq-server exited at start:\n%s", tail(string(data), 2000))
		case <-ctx.Done():
			b.stopLocked()
			return fmt.Errorf("rabbitmq-server did not accept connections: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	b.beam = childOf(cmd.Process.Pid)
	return nil
}

// Stop stops the broker (an outage); epmd keeps running. Restart brings it
// back.
func (b *Broker) Stop() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stopLocked()
}

func (b *Broker) stopLocked() error {
	if b.server == nil {
		return nil
	}
	// beam.smp shuts down cleanly on SIGTERM and the script then exits.
	if b.beam > 0 {
		syscall.Kill(b.beam, syscall.SIGTERM)
	} else {
		b.server.Process.Signal(syscall.SIGTERM)
	}
	var err error
	select {
	case <-b.waited:
	case <-time.After(30 * time.Second):
		err = errors.New("rabbitnet: broker did not stop within 30 s; killed")
	}
	// What is left of the process group we created (beam.smp, its port
	// helpers) goes by the group's id, which is the script's PID.
	syscall.Kill(-b.server.Process.Pid, syscall.SIGKILL)
	if b.beam > 0 {
		syscall.Kill(b.beam, syscall.SIGKILL)
	}
	<-b.waited
	b.server, b.beam = nil, 0
	return err
}

// Close stops the broker and epmd.
func (b *Broker) Close() error {
	err := b.Stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.epmd != nil {
		b.epmd.Process.Kill()
		b.epmd = nil
	}
	return err
}

// childOf returns the first child process of pid (beam.smp under the
// server script), or 0.
func childOf(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0
	}
	c, _ := strconv.Atoi(f[0])
	return c
}

func waitPort(ctx context.Context, port int) error {
	for {
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
