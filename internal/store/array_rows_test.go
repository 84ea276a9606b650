package store

import (
	"reflect"
	"testing"
)

// TestColumnArrays: rows bind as one typed array per column only when
// every value of a column has that column's Go type (any integer type
// reads as int8); a nil or another type anywhere leaves the rows to the
// VALUES statements.
func TestColumnArrays(t *testing.T) {
	arrays, types, ok := columnArrays([][]any{{1, int64(2), 0.5, "Q1"}, {int32(3), 4, 1.5, "Q2"}}, 4)
	want := []any{[]int64{1, 3}, []int64{2, 4}, []float64{0.5, 1.5}, []string{"Q1", "Q2"}}
	if !ok || !reflect.DeepEqual(arrays, want) || !reflect.DeepEqual(types, []string{"int8", "int8", "float8", "text"}) {
		t.Fatalf("columnArrays = %v %v %v; want %v of int8, int8, float8, text", arrays, types, ok, want)
	}
	for name, rows := range map[string][][]any{
		"a nil in a later column":           {{1, "a"}, {2, nil}},
		"a nil first in a later column":     {{1, nil}, {2, "b"}},
		"an unknown type in a later row":    {{1, 0.5}, {2, true}},
		"an integer in a float column":      {{1, 0.5}, {2, 3}},
		"an unknown type in a later column": {{1, []byte("x")}},
	} {
		if _, _, ok := columnArrays(rows, 2); ok {
			t.Errorf("%s: bound as arrays", name)
		}
	}
}
