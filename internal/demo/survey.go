package demo

import (
	"fmt"

	"parkpi/internal/kpi"
)

// survey is one year of the service centre's satisfaction survey: responses,
// satisfied and very satisfied over the year, and the relative number of
// responses in each of the year's demo quarters.
type survey struct {
	year                       int
	weights                    []float64
	responses, satisfied, very int
}

// surveys. 2021 is SEED.md: the survey covers 10 months, so Q4 holds only
// October (weight 1 against 3); 4,200 of 4,200 satisfied is 100 %, and 4,056
// very satisfied is 96.571 %, shown as 96,57 %. 2020 (Q2 hit by the first
// Covid wave) has 4,431 / 4,480 = 98.91 % and 4,189 / 4,480 = 93.50 %;
// 2022 H1 has 2,760 / 2,760 = 100 % and 2,684 / 2,760 = 97.25 %.
var surveys = []survey{
	{year: 2020, weights: []float64{1, 0.7, 1, 1.1}, responses: 4480, satisfied: 4431, very: 4189},
	{year: 2021, weights: []float64{3, 3, 3, 1}, responses: 4200, satisfied: 4200, very: 4056},
	{year: 2022, weights: []float64{1, 1.15}, responses: 2760, satisfied: 2760, very: 2684},
}

// surveySpread keeps the quarterly rates close to the year's: a wider spread
// would push some quarters to their caps (100 %) and others far below.
const surveySpread = 0.01

// genSurvey gives the survey counts to the provincial service centre (the
// first service centre in tree order), the only agency that runs one. Per
// quarter very satisfied ≤ satisfied ≤ responses, by the caps.
func genSurvey(g *grid) error {
	rng := newRand(streamSurvey)
	centres := g.ofKind(kpi.KindServiceCentre)
	if len(centres) == 0 {
		return fmt.Errorf("demo: no service centre to carry the satisfaction survey")
	}
	centre := centres[0]
	for _, s := range surveys {
		ps := yearPeriods(s.year)
		w := make([]float64, len(ps))
		for i := range ps {
			w[i] = s.weights[i] * uniform(rng, 0.9, 1.1)
		}
		resp := allocate(s.responses, w)
		sat, err := allocateCapped(s.satisfied, jitter(rng, resp, surveySpread), resp)
		if err != nil {
			return err
		}
		very, err := allocateCapped(s.very, jitter(rng, sat, surveySpread), sat)
		if err != nil {
			return err
		}
		for i, p := range ps {
			g.put(centre, p, "sat_responses", resp[i])
			g.put(centre, p, "sat_satisfied", sat[i])
			g.put(centre, p, "sat_very", very[i])
		}
	}
	return nil
}
