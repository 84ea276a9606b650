package gen

import (
	"context"
	"math"
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// Sink receives the generated rows in primary-key order (agency, indicator,
// year, quarter), which keeps SQLite's B-tree inserts sequential.
// *store.Loader is one.
type Sink interface {
	Value(ctx context.Context, v kpi.Value) error
	Submission(ctx context.Context, s kpi.Submission) error
}

// profile is the size of one agency kind: ranges drawn once per agency.
type profile struct {
	dossiers [2]float64 // new dossiers a quarter in the first year
	online   [2]float64 // online share of new dossiers, first and last year
	services [2]float64 // public services on the portal
	staff    [2]float64
	tthc     [2]float64 // procedures simplified a quarter
	survey   [2]float64 // survey responses a quarter
	reform   float64    // chance of cutting a unit in a quarter
}

var profiles = map[kpi.Kind]profile{
	kpi.KindProvince:      {dossiers: [2]float64{200, 600}, online: [2]float64{0.1, 0.5}, services: [2]float64{10, 40}, staff: [2]float64{80, 200}, tthc: [2]float64{2, 10}, survey: [2]float64{50, 200}, reform: 0.02},
	kpi.KindDepartment:    {dossiers: [2]float64{1000, 4500}, online: [2]float64{0.08, 0.6}, services: [2]float64{40, 180}, staff: [2]float64{60, 400}, tthc: [2]float64{5, 40}, survey: [2]float64{100, 600}, reform: 0.06},
	kpi.KindVertical:      {dossiers: [2]float64{3000, 9000}, online: [2]float64{0.3, 0.8}, services: [2]float64{30, 120}, staff: [2]float64{100, 600}, tthc: [2]float64{2, 15}, survey: [2]float64{200, 900}, reform: 0.02},
	kpi.KindServiceCentre: {dossiers: [2]float64{5000, 15000}, online: [2]float64{0.2, 0.7}, services: [2]float64{200, 600}, staff: [2]float64{30, 90}, tthc: [2]float64{1, 5}, survey: [2]float64{1000, 4000}, reform: 0.01},
	kpi.KindCommune:       {dossiers: [2]float64{150, 700}, online: [2]float64{0.02, 0.45}, services: [2]float64{5, 40}, staff: [2]float64{15, 45}, tthc: [2]float64{0, 4}, survey: [2]float64{20, 150}, reform: 0.01},
	kpi.KindDistrict:      {dossiers: [2]float64{1500, 4000}, online: [2]float64{0.04, 0.5}, services: [2]float64{20, 80}, staff: [2]float64{60, 200}, tthc: [2]float64{2, 12}, survey: [2]float64{80, 400}, reform: 0.04},
}

// season scales a quarter's new dossiers: Tết slows Q1, year-end rushes Q4.
var season = [5]float64{0, 0.85, 1.0, 0.95, 1.15}

// agencyGen fills one agency's periods × indicators, quarter by quarter,
// carrying the stocks (pending dossiers, services, staff) forward.
type agencyGen struct {
	rng   *rand.Rand
	prof  profile
	years int
	cells map[string][]float64 // code -> value per period index
	base  map[string]float64   // per-agency draws
}

func newAgencyGen(a kpi.Agency, idx int, o Options, cat *kpi.Catalogue) *agencyGen {
	g := &agencyGen{
		rng:   rand.New(rand.NewPCG(o.Seed^0x9e3779b97f4a7c15, uint64(idx))),
		prof:  profiles[a.Kind],
		years: o.Years,
		cells: map[string][]float64{},
		base:  map[string]float64{},
	}
	for _, ind := range cat.Entered() {
		g.cells[ind.Code] = make([]float64, 4*o.Years)
	}
	return g
}

func (g *agencyGen) u(lo, hi float64) float64 { return lo + (hi-lo)*g.rng.Float64() }
func (g *agencyGen) in(r [2]float64) float64  { return g.u(r[0], r[1]) }
func (g *agencyGen) put(code string, p int, v float64) {
	if c, ok := g.cells[code]; ok {
		c[p] = v
	}
}

// fill draws every period; the order of draws is fixed, so the output
// depends only on the seed, the agency's position and the options.
func (g *agencyGen) fill(cat *kpi.Catalogue) {
	g.base["dos"] = g.in(g.prof.dossiers)
	g.base["carried"] = math.Round(g.base["dos"] * g.u(0.02, 0.05))
	g.base["svc"] = math.Round(g.in(g.prof.services))
	g.base["staff"] = math.Round(g.in(g.prof.staff))
	g.base["linked"] = float64(g.rng.IntN(4 * g.years))
	g.base["lan"] = float64(g.rng.IntN(max(1, g.years)))
	g.base["par"] = g.u(70, 90)
	g.base["sipas"] = g.u(80, 95)
	for p := range 4 * g.years {
		g.dossiers(p)
		g.reform(p)
		g.services(p)
		g.survey(p)
		g.egov(p)
	}
	g.others(cat)
}

// dossiers writes Biểu 06 for period p: 3 = 4 + 5 + 6, 7 = 8 + 9 + 10,
// 11 = 12 + 13, 3 = 7 + 11, and 6 = the previous quarter's 11.
func (g *agencyGen) dossiers(p int) {
	y, q := p/4, p%4+1
	t := float64(y) / float64(max(1, g.years-1))
	fresh := math.Round(g.base["dos"] * season[q] * math.Pow(1.05, float64(y)) * g.u(0.92, 1.08))
	share := g.prof.online[0] + (g.prof.online[1]-g.prof.online[0])*t
	online := math.Round(fresh * min(0.95, share*g.u(0.8, 1.2)))
	carried := g.base["carried"]
	received := fresh + carried
	pending := math.Round(received * g.u(0.03, 0.08))
	overdue := math.Floor(pending * g.u(0, 0.04))
	resolved := received - pending
	late := math.Round(resolved * g.u(0, 0.006))
	early := math.Round((resolved - late) * g.u(0.55, 0.85))
	for code, v := range map[string]float64{
		"dos_received": received, "dos_online": online, "dos_direct": fresh - online, "dos_carried": carried,
		"dos_resolved": resolved, "dos_early": early, "dos_ontime": resolved - late - early, "dos_late": late,
		"dos_pending": pending, "dos_pending_ontime": pending - overdue, "dos_pending_overdue": overdue,
	} {
		g.put(code, p, v)
	}
	g.base["carried"] = pending
}

func (g *agencyGen) reform(p int) {
	g.put("tthc_simplified", p, math.Round(g.in(g.prof.tthc)))
	g.put("steps_cut", p, math.Round(g.in(g.prof.tthc)*g.u(1, 3)))
	g.put("hours_cut", p, math.Round(g.in(g.prof.tthc)*g.u(2, 8)))
	for _, code := range []string{"div_cut", "subdept_cut", "psu_cut"} {
		v := 0.0
		if g.rng.Float64() < g.prof.reform {
			v = 1
		}
		g.put(code, p, v)
	}
}

// services keeps the portal stocks consistent: level 3 + level 4 and full +
// partial never exceed the services on the portal.
func (g *agencyGen) services(p int) {
	t := float64(p) / float64(max(1, 4*g.years-1))
	g.base["svc"] += float64(g.rng.IntN(3))
	total := g.base["svc"]
	l4 := math.Round(total * (0.2 + 0.5*t) * g.u(0.9, 1.1))
	l3 := math.Round((total - l4) * g.u(0.3, 0.6))
	full := math.Round(total * (0.3 + 0.4*t) * g.u(0.9, 1.05))
	partial := math.Round((total - full) * g.u(0.4, 0.8))
	g.put("svc_total", p, total)
	g.put("svc_level4", p, min(l4, total))
	g.put("svc_level3", p, max(0, min(l3, total-l4)))
	g.put("svc_full", p, min(full, total))
	g.put("svc_partial", p, max(0, min(partial, total-full)))
	linked := 0.0
	if float64(p) >= g.base["linked"] {
		linked = 1
	}
	g.put("portal_linked", p, linked)
}

func (g *agencyGen) survey(p int) {
	responses := math.Round(g.in(g.prof.survey))
	satisfied := responses - math.Round(responses*g.u(0, 0.03))
	g.put("sat_responses", p, responses)
	g.put("sat_satisfied", p, satisfied)
	g.put("sat_very", p, math.Round(satisfied*g.u(0.85, 0.98)))
}

func (g *agencyGen) egov(p int) {
	t := float64(p) / float64(max(1, 4*g.years-1))
	if g.rng.Float64() < 0.02 {
		g.base["staff"] = max(1, g.base["staff"]+float64(g.rng.IntN(5)-2))
	}
	staff := g.base["staff"]
	g.put("staff_total", p, staff)
	g.put("staff_pc", p, min(staff, math.Round(staff*(0.8+0.2*t)*g.u(0.97, 1.02))))
	lan := 0.0
	if float64(p/4) >= g.base["lan"] {
		lan = 1
	}
	g.put("has_lan", p, lan)
	g.put("vc_endpoints", p, float64(1+g.rng.IntN(2)))
	g.put("par_index", p, round2(min(100, g.base["par"]+g.u(-3, 3))))
	g.put("sipas", p, round2(min(100, g.base["sipas"]+g.u(-2, 2))))
}

// others gives any entered indicator the catalogue adds later a plausible
// value in its range, so every entered indicator has values, then keeps
// those values inside the catalogue's bounds between two figures: a
// generated quarter must pass the validation an entered one passes (the
// benchmark's template import plans every quarter of a province).
func (g *agencyGen) others(cat *kpi.Catalogue) {
	made := map[string]bool{}
	for _, ind := range cat.Entered() {
		if _, known := knownCodes[ind.Code]; known {
			continue
		}
		made[ind.Code] = true
		for p := range g.cells[ind.Code] {
			v := g.u(ind.Min, min(ind.Max, ind.Min+100))
			scale := math.Pow(10, float64(ind.Decimals))
			g.cells[ind.Code][p] = math.Round(v*scale) / scale
		}
	}
	for _, r := range cat.Rules() {
		low, high, ok := r.Bound()
		if !ok || !made[low] {
			continue
		}
		if limit, ok := g.cells[high]; ok {
			for p, v := range g.cells[low] {
				g.cells[low][p] = min(v, limit[p])
			}
		}
	}
}

var knownCodes = map[string]bool{}

func init() {
	for _, c := range []string{"dos_received", "dos_online", "dos_direct", "dos_carried", "dos_resolved", "dos_early",
		"dos_ontime", "dos_late", "dos_pending", "dos_pending_ontime", "dos_pending_overdue", "tthc_simplified",
		"steps_cut", "hours_cut", "div_cut", "subdept_cut", "psu_cut", "svc_total", "svc_level3", "svc_level4",
		"svc_full", "svc_partial", "portal_linked", "sat_responses", "sat_satisfied", "sat_very", "staff_total",
		"staff_pc", "has_lan", "vc_endpoints", "par_index", "sipas"} {
		knownCodes[c] = true
	}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
