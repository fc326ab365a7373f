package main

import (
	"context"
	"fmt"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
	"github.com/cortexproject/cortex/pkg/util/services"
	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus"
)

// staticKV holds one decoded ring and says it was last synced at `now`, so a ring.Ring built on it judges
// heartbeats at a fixed instant (Cortex's consul client answers time.Now()).
type staticKV struct {
	desc *ring.Desc
	now  time.Time
}

func (s *staticKV) List(context.Context, string) ([]string, error) { return []string{"ring"}, nil }
func (s *staticKV) Get(context.Context, string) (any, error)       { return s.desc, nil }
func (s *staticKV) Delete(context.Context, string) error           { return nil }
func (s *staticKV) CAS(context.Context, string, func(any) (any, bool, error)) error {
	return fmt.Errorf("read-only")
}
func (s *staticKV) WatchKey(ctx context.Context, _ string, _ func(any) bool)            { <-ctx.Done() }
func (s *staticKV) WatchPrefix(ctx context.Context, _ string, _ func(string, any) bool) { <-ctx.Done() }
func (s *staticKV) LastUpdateTime(string) time.Time                                     { return s.now }

// recordingStrategy is Cortex's defaultReplicationStrategy, remembering the replica set Ring.Get handed it
// (before filtering) so vectors can show the set as well as the verdict.
type recordingStrategy struct {
	inner ring.ReplicationStrategy
	last  []ring.InstanceDesc
}

func (r *recordingStrategy) Filter(instances []ring.InstanceDesc, op ring.Operation, rf int, timeout time.Duration, zoneAware bool, lastUpdate time.Time) ([]ring.InstanceDesc, int, error) {
	r.last = append(r.last[:0], instances...)
	return r.inner.Filter(instances, op, rf, timeout, zoneAware, lastUpdate)
}

type ringParams struct {
	ReplicationFactor       int      `json:"replicationFactor"`
	ZoneAwareness           bool     `json:"zoneAwareness"`
	HeartbeatTimeoutSeconds int      `json:"heartbeatTimeoutSeconds"`
	ExcludedZones           []string `json:"excludedZones"`
}

// startRing runs a real ring.Ring (the distributor's view of the ingester ring) over desc, judged at now.
func startRing(desc *ring.Desc, p ringParams, now time.Time, strategy ring.ReplicationStrategy) (*ring.Ring, func(), error) {
	cfg := ring.Config{HeartbeatTimeout: time.Duration(p.HeartbeatTimeoutSeconds) * time.Second, ReplicationFactor: p.ReplicationFactor,
		ZoneAwarenessEnabled: p.ZoneAwareness, ExcludedZones: p.ExcludedZones}
	r, err := ring.NewWithStoreClientAndStrategy(cfg, "ingester", "ring", &staticKV{desc: desc, now: now}, strategy, prometheus.NewRegistry(), log.NewNopLogger())
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	if err := services.StartAndAwaitRunning(ctx, r); err != nil {
		return nil, nil, fmt.Errorf("start ring: %w", err)
	}
	return r, func() { _ = services.StopAndAwaitTerminated(ctx, r) }, nil
}

// distinctTokens are the ring's token values, ascending: every key from one up to the next gets one replica set.
func distinctTokens(desc *ring.Desc) []uint32 {
	all := desc.GetTokens()
	out := make([]uint32, 0, len(all))
	for i, t := range all {
		if i == 0 || t != all[i-1] {
			out = append(out, t)
		}
	}
	return out
}
