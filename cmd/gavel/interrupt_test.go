package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// feedFifo makes a fifo that a goroutine feeds log lines forever (until
// the reader goes away or the test ends).
func feedFifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "endless.log.txt")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "21:00:00 <alice> #startmeeting endless")
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := fmt.Fprintf(w, "21:00:%02d <bob> line %d\n", i%60, i); err != nil {
				return
			}
		}
	}()
	return p
}

// bigArchive is an archive holding one 50 MB log to index.
func bigArchive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "#big", "2026-01-01", "big.2026-01-01-10.00.log.txt")
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "10:00:00 <alice> #startmeeting big")
	line := "10:00:01 <bob> " + strings.Repeat("words ", 10) + "\n"
	for range 50 << 20 / len(line) {
		w.WriteString(line)
	}
	w.Flush()
	f.Close()
	return dir
}

// waitOpen waits until process pid has a file open whose path ends in
// suffix (read from /proc/PID/fd).
func waitOpen(t *testing.T, pid int, suffix string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		for _, fd := range fds {
			if p, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil && strings.HasSuffix(p, suffix) {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("ended before opening %s: %v", suffix, err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("never opened %s", suffix)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLongCommandsStopOnSignal: minutes, import and index stop soon after
// Ctrl-C or SIGTERM — on /dev/zero (one endless line), on a fifo fed
// forever, on a big log — with exit status 130 and a clear message.
func TestLongCommandsStopOnSignal(t *testing.T) {
	for _, tc := range []struct {
		name string
		// args gives the command line and the file it reads, which it
		// must have open before the signal is sent.
		args func(t *testing.T) (args []string, reads string)
		sig  syscall.Signal
	}{
		{"minutes /dev/zero", func(*testing.T) ([]string, string) { return []string{"minutes", "/dev/zero"}, "/dev/zero" }, syscall.SIGINT},
		{"minutes fifo", func(t *testing.T) ([]string, string) { f := feedFifo(t); return []string{"minutes", f}, f }, syscall.SIGTERM},
		{"import /dev/zero", func(t *testing.T) ([]string, string) {
			return []string{"import", "--archive", t.TempDir(), "/dev/zero"}, "/dev/zero"
		}, syscall.SIGINT},
		{"import fifo", func(t *testing.T) ([]string, string) {
			f := feedFifo(t)
			return []string{"import", "--archive", t.TempDir(), f}, f
		}, syscall.SIGTERM},
		{"index big log", func(t *testing.T) ([]string, string) {
			a := bigArchive(t)
			return []string{"index", "--archive", a}, ".log.txt"
		}, syscall.SIGINT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args, reads := tc.args(t)
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "GAVEL_TEST_AS_MAIN=1")
			stderr := &ircnet.Buffer{}
			cmd.Stderr = stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// Into the reading: the input is open (on a loaded machine a
			// race-built binary can take longer than any fixed pause to
			// get there), then a little more.
			waitOpen(t, cmd.Process.Pid, reads, done)
			time.Sleep(200 * time.Millisecond)
			select {
			case err := <-done:
				t.Fatalf("ended before the signal: %v\n%s", err, stderr.String())
			default:
			}
			cmd.Process.Signal(tc.sig)
			t0 := time.Now()
			select {
			case err := <-done:
				took := time.Since(t0)
				t.Logf("exited %v after the signal", took.Round(time.Millisecond))
				if cmd.ProcessState.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted") {
					t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
				}
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 5 s after %v\n%s", tc.sig, stderr.String())
			}
		})
	}
}
