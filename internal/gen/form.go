package gen

// Form returns a 20-value quarterly form for load tests, different for each
// n, that keeps every entry rule: no Biểu 06 column (their identities tie
// them to each other and to the previous quarter), stocks that nest
// (level 3 + level 4 and full + partial within the services, satisfied
// within responses, computers within staff), flags of 0 or 1.
func Form(n int) map[string]*float64 {
	x := float64(n%500 + 40)
	vals := map[string]float64{
		"tthc_simplified": x, "steps_cut": x + 1, "hours_cut": 2 * x, "div_cut": float64(n % 2),
		"subdept_cut": 0, "psu_cut": float64(n % 3 % 2), "portal_linked": 1, "has_lan": 1,
		"svc_total": 4 * x, "svc_level3": x, "svc_level4": x + 1, "svc_full": x, "svc_partial": x - 1,
		"sat_responses": 3 * x, "sat_satisfied": 2 * x, "sat_very": x,
		"staff_total": x + 10, "staff_pc": x, "vc_endpoints": float64(1 + n%3), "par_index": float64(60 + n%40),
	}
	out := make(map[string]*float64, len(vals))
	for code, v := range vals {
		out[code] = &v
	}
	return out
}
