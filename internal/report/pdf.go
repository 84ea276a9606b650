package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"parkpi/internal/kpi"
)

// pdfTimeout bounds one conversion: LibreOffice starts in a few seconds;
// a conversion that hangs must not hold a request (or the one slot) long.
const pdfTimeout = 90 * time.Second

// pdfSlots lets one LibreOffice run at a time in this process: each takes
// a few hundred MiB and both cores while it starts.
var pdfSlots = make(chan struct{}, 1)

// Office finds LibreOffice: the path of soffice (or libreoffice), or
// an error in words when it is not installed.
func Office() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", kpi.Errorf(kpi.ENOTFOUND, "Máy chủ chưa cài LibreOffice nên chưa xuất được bản PDF; hãy tải bản Word (.docx), hoặc nhờ quản trị cài LibreOffice (gói libreoffice-writer).",
		"LibreOffice is not installed on the server, so there is no PDF; download the Word file (.docx), or ask the administrator to install LibreOffice (package libreoffice-writer).")
}

// PDF renders a .docx to PDF with LibreOffice headless, in a folder of its
// own with a profile of its own (two conversions never share a lock).
func PDF(ctx context.Context, docx []byte) ([]byte, error) {
	office, err := Office()
	if err != nil {
		return nil, err
	}
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	dir, err := os.MkdirTemp("", "parkpi-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, office, "--headless", "--norestore", "--nologo", "--nodefault",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("libreoffice: %w: %s", err, out.String())
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	if err != nil {
		return nil, fmt.Errorf("libreoffice wrote no PDF: %s", out.String())
	}
	return pdf, nil
}
