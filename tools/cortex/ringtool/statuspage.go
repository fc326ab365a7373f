package main

import (
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
	"github.com/cortexproject/cortex/pkg/ring/kv/consul"
	"github.com/cortexproject/cortex/pkg/util/services"
	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus"
)

// pageRow is one instance row of Cortex's /ring status page, as printed.
type pageRow struct {
	ID        string `json:"id"`
	Zone      string `json:"zone"`
	State     string `json:"state"`
	Address   string `json:"address"`
	Tokens    string `json:"tokens"`
	Ownership string `json:"ownership"`
}

var (
	rowPattern  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellPattern = regexp.MustCompile(`(?s)<td>(.*?)</td>`)
)

// statusPage stores desc in an in-memory Consul KV through Cortex's codec, starts a real ring.Ring on it and
// renders its /ring page: the numbers an operator would see for that ring.
func statusPage(desc *ring.Desc, zoneAware bool, heartbeatTimeout time.Duration) ([]pageRow, error) {
	ctx := context.Background()
	logger := log.NewNopLogger()
	kv, closer := consul.NewInMemoryClient(ring.GetCodec(), logger, nil)
	defer closer.Close()
	if err := kv.CAS(ctx, "ring", func(any) (any, bool, error) { return desc, true, nil }); err != nil {
		return nil, fmt.Errorf("store ring: %w", err)
	}
	cfg := ring.Config{HeartbeatTimeout: heartbeatTimeout, ReplicationFactor: 1, ZoneAwarenessEnabled: zoneAware}
	r, err := ring.NewWithStoreClientAndStrategy(cfg, "fixture", "ring", kv, ring.NewDefaultReplicationStrategy(), prometheus.NewRegistry(), logger)
	if err != nil {
		return nil, err
	}
	if err := services.StartAndAwaitRunning(ctx, r); err != nil {
		return nil, fmt.Errorf("start ring: %w", err)
	}
	defer services.StopAndAwaitTerminated(ctx, r) //nolint:errcheck

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/ring", nil))
	return parseStatusPage(rec.Body.String())
}

func parseStatusPage(page string) ([]pageRow, error) {
	body := page
	if i := strings.Index(body, "<tbody>"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</tbody>"); i >= 0 {
		body = body[:i]
	}
	rows := []pageRow{}
	for _, row := range rowPattern.FindAllStringSubmatch(body, -1) {
		cells := cellPattern.FindAllStringSubmatch(row[1], -1)
		if len(cells) < 8 {
			return nil, fmt.Errorf("status page row with %d cells: %q", len(cells), row[1])
		}
		text := func(i int) string { return html.UnescapeString(strings.TrimSpace(cells[i][1])) }
		rows = append(rows, pageRow{
			ID:        text(0),
			Zone:      text(1),
			State:     text(2),
			Address:   text(3),
			Tokens:    text(6),
			Ownership: strings.TrimSuffix(text(7), "%"),
		})
	}
	return rows, nil
}
