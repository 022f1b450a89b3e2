// Command comptoir is the Comptoir server: the widget, the agents' app, the
// API and the store, in one binary. Settings: `comptoir --help`.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/comptoir/comptoir/embed"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/daemon"
	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/widget/loader"
)

// version is set by the build: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "comptoir:", err)
		os.Exit(1)
	}
}

func run() error {
	// The search index's own process, started by the server (search/child.go).
	if len(os.Args) > 1 && os.Args[1] == search.ChildCommand {
		return search.ServeChild(os.Stdin, os.Stdout)
	}
	// Maintenance subcommands (commands.go): backup, compact.
	if len(os.Args) > 1 {
		if cmd, ok := commands[os.Args[1]]; ok {
			return cmd(os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		}
	}
	cfg, err := config.Load(os.Args[1:], os.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	procs := daemon.SetSchedulerProcs(os.Getenv)
	log.Info("scheduler", "gomaxprocs", procs, "cpus", runtime.NumCPU())
	d, err := daemon.Start(cfg, daemon.Options{Log: log, Dist: embed.Dist, Loader: loader.Script, Version: version, Out: os.Stdout,
		SearchProcess: search.SelfCommand(search.ChildCommand)})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-d.Done():
		log.Error("http server stopped", "err", err)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return d.Shutdown(shutdownCtx)
}
