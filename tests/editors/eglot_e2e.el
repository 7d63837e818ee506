;;; eglot_e2e.el --- Eglot (Emacs 28, Debian's elpa-eglot) against `bscc lsp'  -*- lexical-binding: t -*-

;; Run by eglot_e2e.sh with BSCC (the binary) and WS (a copy of
;; tests/lsp/ws) in the environment.  Drives Eglot's own commands where
;; it has them (Flymake diagnostics, code actions, xref, completion at
;; point, formatting, imenu, eldoc's signature and hover) and prints
;; `eglot: N passed, M failed'.

(require 'cl-lib)
(require 'eglot)
(require 'bsc-mode)

(defvar e2e-passed 0)
(defvar e2e-failed 0)
(defvar e2e-bscc (getenv "BSCC"))
(defvar e2e-ws (file-name-as-directory (getenv "WS")))

(defun e2e-check (ok name &optional info)
  (if ok
      (setq e2e-passed (1+ e2e-passed))
    (setq e2e-failed (1+ e2e-failed))
    (princ (format "FAIL: %s%s\n" name (if info (format ": %S" info) "")))))

(defun e2e-wait (pred &optional secs)
  "Runs the event loop until PRED is true or SECS (10) pass; PRED's value."
  (let ((end (+ (float-time) (or secs 10))) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05))
    v))

(defun e2e-open (name)
  (find-file (expand-file-name name e2e-ws))
  (bsc-mode)
  (unless (eglot-current-server)
    (apply #'eglot (eglot--guess-contact)))
  (eglot--managed-mode 1)
  (current-buffer))

(defun e2e-goto (line col)
  "Point at LINE (1-based) and character COL (0-based)."
  (goto-char (point-min))
  (forward-line (1- line))
  (forward-char col))

(defun e2e-line (n)
  (save-excursion (goto-char (point-min)) (forward-line (1- n))
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun e2e-run ()
  (setq eglot-server-programs `((bsc-mode ,e2e-bscc "lsp")))
  (setq eglot-sync-connect t eglot-autoshutdown nil eglot-events-buffer-size 0)
  ;; 1. diagnostics through Flymake, at the right column: `customr' on
  ;; line 5 of bad.bsc, after an emoji (2 UTF-16 units, 1 Emacs char)
  (with-current-buffer (e2e-open "bad.bsc")
    (let* ((diags (e2e-wait (lambda () (flymake-diagnostics))))
           (d (cl-find-if (lambda (d) (string-match-p "E010" (flymake-diagnostic-text d))) diags)))
      (e2e-check d "flymake: an E010 diagnostic" (mapcar #'flymake-diagnostic-text diags))
      (when d
        (let ((beg (flymake-diagnostic-beg d)))
          (e2e-check (and (= (line-number-at-pos beg) 5)
                          (string= (buffer-substring-no-properties beg (flymake-diagnostic-end d)) "customr"))
                     "flymake: E010 over `customr'" (list (line-number-at-pos beg) beg)))
        ;; 2. the did-you-mean quick fix, found and applied by Eglot
        (let* ((acts (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d) "quickfix"))
               (a (car acts)))
          (e2e-check (and a (string= (plist-get a :title) "Replace `customr` with `customer`"))
                     "code action: the quick fix" acts)
          (when a
            (eglot--apply-workspace-edit (plist-get a :edit))
            (e2e-check (string-match-p "in customer {" (e2e-line 5)) "code action: applied" (e2e-line 5)))))))
  ;; 3. hover (eldoc) and definition (xref) in main.bsc
  (with-current-buffer (e2e-open "main.bsc")
    (e2e-goto 9 11)
    (let (doc)
      (eglot-hover-eldoc-function (lambda (info &rest _) (setq doc info)))
      (e2e-wait (lambda () doc))
      (e2e-check (and doc (string-match-p "Customers recommend us" doc)) "hover through eldoc" doc))
    (e2e-goto 41 4)
    (let* ((xs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
           (loc (and xs (xref-item-location (car xs)))))
      (e2e-check (and loc (string-match-p "team\\.bsc\\'" (xref-location-group loc))
                      (= (xref-location-line loc) 6))
                 "xref: definition in team.bsc:6" (and loc (list (xref-location-group loc) (xref-location-line loc)))))
    ;; 4. imenu from the outline
    (let ((index (eglot-imenu)))
      (e2e-check (cl-some (lambda (e) (and (consp e) (assoc "nps" (if (listp (cdr e)) (cdr e) nil)))) index)
                 "imenu lists objective nps" (mapcar #'car index)))
    ;; 5. workspace symbols through xref-apropos
    (let ((xs (xref-backend-apropos 'eglot "triage")))
      (e2e-check (and (= (length xs) 2)
                      (cl-some (lambda (x) (string-match-p "objective cs_triage" (xref-item-summary x))) xs)
                      (cl-some (lambda (x) (string-match-p "kr triage_h" (xref-item-summary x))) xs))
                 "xref apropos: workspace symbols" (mapcar #'xref-item-summary xs))))
  ;; 6. completion at point: `aligns np' completes to `nps' in team.bsc
  (with-current-buffer (e2e-open "team.bsc")
    (e2e-goto 4 0)
    (delete-region (point) (line-end-position))
    (insert "  aligns np")
    (let* ((capf (eglot-completion-at-point))
           (cands (and capf (all-completions "np" (nth 2 capf)))))
      (e2e-check (member "nps" cands) "completion at point: nps" cands)
      (when capf
        (completion-in-region (nth 0 capf) (nth 1 capf) (nth 2 capf))
        (e2e-check (string= (e2e-line 4) "  aligns nps") "completion at point: inserted" (e2e-line 4))))
    ;; 7. signature help through eldoc in a distribution's parentheses
    (goto-char (point-max))
    (insert "\nobjective sig \"S\" in customer {\n  kr s : count 0 -> 10 forecast pert(1, ")
    (eglot--signal-textDocument/didChange)   ; what Eglot's idle timer does
    (let (doc)
      (eglot-signature-eldoc-function (lambda (info &rest _) (setq doc info)))
      (e2e-wait (lambda () doc))
      (e2e-check (and doc (string-match-p "pert(low, mode, high)" doc)) "signature help through eldoc" doc)))
  ;; 8. formatting the buffer, and a range
  (with-current-buffer (e2e-open "messy.bsc")
    (eglot-format-buffer)
    (e2e-check (string= (buffer-string)
                        (with-temp-buffer (insert-file-contents (expand-file-name "messy.expected" e2e-ws))
                                          (buffer-string)))
               "eglot-format-buffer" (buffer-string)))
  (with-current-buffer (e2e-open "rangefmt.bsc")
    (e2e-goto 5 0)
    (eglot-format (line-beginning-position) (line-end-position))
    (e2e-check (and (string= (e2e-line 5) "  owner \"y\"") (string= (e2e-line 2) "owner   \"x\""))
               "eglot-format of a range: that declaration only" (buffer-string))))

(condition-case err
    (e2e-run)
  (error (e2e-check nil "lisp error" err)))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(princ (format "eglot: %d passed, %d failed\n" e2e-passed e2e-failed))
(kill-emacs (if (= e2e-failed 0) 0 1))
