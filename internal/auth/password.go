package auth

import (
	"crypto/rand"
	"errors"
	"math/big"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"parkpi/internal/kpi"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// maxPasswordBytes is bcrypt's limit: longer inputs would be silently cut.
const maxPasswordBytes = 72

// hashCost is bcrypt's work factor (2^cost rounds). Test binaries use the
// minimum: under the race detector one default-cost hash takes most of a
// second, and a test suite logs in hundreds of times. A real binary is never
// a test binary, so production always uses the default.
var hashCost = func() int {
	if testing.Testing() {
		return bcrypt.MinCost
	}
	return bcrypt.DefaultCost
}()

// checkPassword says what is wrong with a new password, or nil.
func checkPassword(pw string) *kpi.Error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		return kpi.Errorf(kpi.EINVALID, "Mật khẩu phải có ít nhất %d ký tự.",
			"The password must have at least %d characters.", MinPasswordLength)
	case len(pw) > maxPasswordBytes:
		return kpi.Errorf(kpi.EINVALID, "Mật khẩu dài quá (tối đa %d byte).",
			"The password is too long (at most %d bytes).", maxPasswordBytes)
	}
	return nil
}

// hashPassword returns the bcrypt hash of a checked password.
func hashPassword(pw string) (string, error) {
	if err := checkPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), hashCost)
	return string(h), err
}

// dummyHash is compared against when the username is unknown, so a wrong
// username costs the same time as a wrong password and timing tells
// nothing about which accounts exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user, no such password"), hashCost)

// passwordMatches compares in constant time (bcrypt does).
func passwordMatches(hash, pw string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
		return false
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw))
	return err == nil
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) so a printed
// password can be typed from paper.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 16 characters (about 93
// bits), for a fresh database's admin and for resets.
func GeneratePassword() (string, error) {
	b := make([]byte, 16)
	max := big.NewInt(int64(len(passwordAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", errors.New("no randomness for a password")
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}
