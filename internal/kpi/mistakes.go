package kpi

import (
	"strconv"
	"strings"
)

// failure is a cross-field rule that does not hold: its message and every
// field it reads.
type failure struct {
	err    FieldError
	fields []string
}

// onePerMistake makes one message of each mistake among the cross-field
// rules that fail. Rules that fail together because of one value — a
// field every one of them reads, as a mistyped total breaks both balances
// it belongs to — become one message on that field that names each
// balance; rules that share no field stay messages of their own.
func onePerMistake(cat *Catalogue, values map[string]float64, fails []failure) []FieldError {
	var out []FieldError
	for _, group := range linked(fails) {
		if len(group) == 1 {
			out = append(out, group[0].err)
			continue
		}
		common, ok := commonField(group)
		if !ok {
			for _, f := range group {
				out = append(out, f.err)
			}
			continue
		}
		out = append(out, combined(cat, common, values[common], group))
	}
	return out
}

// linked splits the failures into groups that share fields, directly or
// through one another, in the order they came.
func linked(fails []failure) [][]failure {
	group := make([]int, len(fails))
	for i := range group {
		group[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if group[i] != i {
			group[i] = find(group[i])
		}
		return group[i]
	}
	owner := map[string]int{}
	for i, f := range fails {
		for _, code := range f.fields {
			if j, ok := owner[code]; ok {
				group[find(i)] = find(j)
			} else {
				owner[code] = i
			}
		}
	}
	var out [][]failure
	at := map[int]int{}
	for i, f := range fails {
		root := find(i)
		k, ok := at[root]
		if !ok {
			k = len(out)
			at[root] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], f)
	}
	return out
}

// commonField is the one field every failure of the group reads.
func commonField(group []failure) (string, bool) {
	count := map[string]int{}
	for _, f := range group {
		seen := map[string]bool{}
		for _, code := range f.fields {
			if !seen[code] {
				seen[code] = true
				count[code]++
			}
		}
	}
	var common []string
	for _, code := range group[0].fields {
		if count[code] == len(group) {
			common = append(common, code)
		}
	}
	return firstOf(common), len(common) == 1
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// combined is the one message of a mistake that breaks several balances.
func combined(cat *Catalogue, code string, v float64, group []failure) FieldError {
	ind, _ := cat.Get(code)
	n := strconv.Itoa(len(group))
	vi := []string{"“" + ind.NameVI + "” (" + FormatNumber("vi", v) + ") có thể đã nhập sai: cả " + n + " cân đối có chỉ tiêu này đều không khớp."}
	en := []string{"“" + ind.NameEN + "” (" + FormatNumber("en", v) + ") may be mistyped: all " + n + " balances it belongs to fail."}
	for _, f := range group {
		vi, en = append(vi, f.err.MessageVI), append(en, f.err.MessageEN)
	}
	return FieldError{Field: code, MessageVI: strings.Join(vi, " "), MessageEN: strings.Join(en, " ")}
}
