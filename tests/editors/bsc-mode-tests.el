;;; bsc-mode-tests.el --- ERT tests of editors/emacs/bsc-mode.el  -*- lexical-binding: t; -*-

;; Run by tests/editors/emacs_ert.sh:
;;   emacs --batch -L editors/emacs -l tests/editors/bsc-mode-tests.el \
;;         -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'bsc-mode)

(defconst bsc-test-dir
  (file-name-directory (or load-file-name buffer-file-name))
  "tests/editors/.")

(defun bsc-test-sample (name)
  "The contents of tests/editors/samples/NAME."
  (with-temp-buffer
    (let ((coding-system-for-read 'utf-8))
      (insert-file-contents (expand-file-name (concat "samples/" name) bsc-test-dir)))
    (buffer-string)))

(defmacro bsc-test-in-mode (text &rest body)
  "Run BODY in a `bsc-mode' buffer holding TEXT, point at its start."
  (declare (indent 1))
  `(with-temp-buffer
     (insert ,text)
     (bsc-mode)
     (goto-char (point-min))
     ,@body))

(defmacro bsc-test-with-buffer (text &rest body)
  "Run BODY in a `bsc-mode' buffer holding TEXT, fontified."
  (declare (indent 1))
  `(bsc-test-in-mode ,text
     (font-lock-ensure)
     (goto-char (point-min))
     ,@body))

(defun bsc-test-face-at (line needle &optional nth)
  "The face at the NTH (default 1st) occurrence of NEEDLE on LINE."
  (goto-char (point-min))
  (forward-line (1- line))
  (let ((eol (line-end-position)))
    (dotimes (_ (or nth 1))
      (unless (search-forward needle eol t)
        (error "%S not found on line %d: %S" needle line
               (buffer-substring (line-beginning-position) eol))))
    (let ((f (get-text-property (match-beginning 0) 'face)))
      (if (and (listp f) (not (keywordp (car-safe f)))) f (list f)))))

(defun bsc-test-has-face (line needle face &optional nth)
  "Whether FACE is among the faces at NEEDLE on LINE."
  (let ((faces (bsc-test-face-at line needle nth)))
    (or (memq face faces)
        (error "Line %d %S: faces %S, want %S" line needle faces face))))

;;;; Font lock

(ert-deftest bsc-font-lock-sample ()
  "Faces at positions of samples/company.bsc."
  (bsc-test-with-buffer (bsc-test-sample "company.bsc")
    ;; (LINE (NEEDLE FACE)...): FACE is among the faces at NEEDLE on LINE
    (dolist (line '((1 ("//" font-lock-comment-delimiter-face) ("智能硬件" font-lock-comment-face))
                    (2 ("TODO" font-lock-warning-face) ("TODO" font-lock-comment-face))
                    (3 ("import" font-lock-keyword-face) ("\"teams" font-lock-string-face))
                    (6 ("Weights" font-lock-comment-face))
                    (7 ("strategy" font-lock-keyword-face) ("用户体验" font-lock-string-face))
                    (8 ("horizon" font-lock-keyword-face) ("2025-Q1" bsc-period-face) ("Q1" bsc-period-face)
                       (".." bsc-operator-face))
                    (9 ("quarter" font-lock-constant-face))
                    (11 ("25%" bsc-number-face) ("%" bsc-number-face) ("financial" font-lock-constant-face)
                        ("learning" font-lock-constant-face))
                    (13 ("green" font-lock-constant-face) ("0.7" bsc-number-face))
                    (14 ("limit" font-lock-keyword-face) ("objectives_per_owner" font-lock-variable-name-face))
                    (18 ("perspective" font-lock-keyword-face) ("innovation" font-lock-constant-face)
                        ("2.5" bsc-number-face))
                    (19 ("tickets" font-lock-type-face))
                    (20 ("weeks" bsc-unit-face) ("=" bsc-operator-face))
                    (22 ("objective" font-lock-keyword-face) ("客户满意度" font-lock-function-name-face)
                        ("客户推荐" font-lock-string-face) ("in customer" font-lock-keyword-face)
                        ("customer {" font-lock-constant-face))
                    (24 ("committed" font-lock-keyword-face))
                    (26 ("2024" font-lock-comment-face))
                    (27 ("kr" font-lock-keyword-face) ("nps_score" font-lock-variable-name-face)
                        ("净推荐值" font-lock-string-face) ("score 62" bsc-unit-face) ("62" bsc-number-face)
                        ("->" bsc-operator-face) ("2025-Q2" bsc-period-face)
                        ("increase" font-lock-keyword-face))
                    (28 ("4.0%" bsc-number-face) ("lower" font-lock-comment-face))
                    (29 ("rating" bsc-unit-face) ("..5" bsc-operator-face) (">=" bsc-operator-face))
                    (31 ("kpi" font-lock-keyword-face) ("on_time" font-lock-variable-name-face)
                        ("{per order}" font-lock-string-face))
                    (37 ("2025-H1" bsc-period-face))
                    (38 ("currency" bsc-unit-face) ("CNY" bsc-unit-face) ("10_000_000" bsc-number-face)
                        ("1.2e7" bsc-number-face) ("2025-03" bsc-period-face))
                    (39 ("max" font-lock-builtin-face) ("revenue_share /" font-lock-variable-name-face))
                    (40 ("pp 0" bsc-unit-face) ("12pp" bsc-number-face))
                    (45 ("milestone" bsc-unit-face) ("starts" font-lock-keyword-face))
                    (46 ("plan" font-lock-keyword-face) ("step" font-lock-keyword-face)
                        ("2025-Q2" bsc-period-face))
                    (49 ("cs_triage" font-lock-function-name-face))
                    (50 ("aligns" font-lock-keyword-face) ("客户满意度" font-lock-variable-name-face))
                    (52 ("tickets" bsc-unit-face))
                    (55 ("learning" font-lock-constant-face))
                    (57 ("1q" bsc-period-face) ("iterate" font-lock-variable-name-face)
                        ("客户满意度" font-lock-variable-name-face))
                    (58 ("3m" bsc-period-face) ("客户满意度" font-lock-variable-name-face)
                        ("revenue" font-lock-variable-name-face))
                    (60 ("feedback_loop" font-lock-function-name-face))
                    (62 ("1_200_000" bsc-number-face))
                    (64 ("affects" font-lock-keyword-face))
                    (65 ("relative" font-lock-keyword-face))
                    (62 ("cost" font-lock-keyword-face))
                    (68 ("actuals" font-lock-keyword-face))
                    (69 ("nps_score" font-lock-variable-name-face))
                    (72 ("launch" font-lock-variable-name-face))
                    (72 ("true" font-lock-constant-face))
                    (73 ("false" font-lock-constant-face))
                    (78 ("USD" bsc-unit-face) ("gallon" bsc-unit-face))
                    (79 ("1.2M" bsc-number-face) ("300k" bsc-number-face))
                    (80 ("seconds" bsc-unit-face))))
      (dolist (c (cdr line))
        (should (bsc-test-has-face (car line) (car c) (cadr c)))))))

(ert-deftest bsc-font-lock-reference-positions ()
  (bsc-test-with-buffer (concat "strategy \"S\" {\n  perspectives { financial 60%  customer 40% }\n}\n"
                                "  kr m : percent = a + max(b, 2%) weight 2\n  kr h : hours <= 24 weight 2\n"
                                "objective o \"O\" {\n  owner \"x\"\n  cost 5 USD\n}\nactuals 2025-Q1 {\n  m 3%\n}\n")
    (should (bsc-test-has-face 2 "customer" 'font-lock-constant-face))
    (should (bsc-test-has-face 4 "a +" 'font-lock-variable-name-face))
    (should (bsc-test-has-face 4 "b," 'font-lock-variable-name-face))
    (should (bsc-test-has-face 4 "weight" 'font-lock-keyword-face))
    (should-not (memq 'font-lock-variable-name-face (bsc-test-face-at 5 "hours")))
    (should (bsc-test-has-face 11 "m 3" 'font-lock-variable-name-face))
    ;; `name VALUE' outside an actuals block is no check-in
    (should-not (memq 'font-lock-variable-name-face (bsc-test-face-at 7 "owner")))))

(ert-deftest bsc-font-lock-no-keywords-in-strings-and-comments ()
  (bsc-test-with-buffer "objective x \"kr in the title\" {  // objective kr\n  kr score : score 1 -> 2\n}\n"
    (should (equal (bsc-test-face-at 1 "kr in") '(font-lock-string-face)))
    (should (memq 'font-lock-comment-face (bsc-test-face-at 1 "objective kr")))
    (should (equal (bsc-test-face-at 2 "score") '(font-lock-variable-name-face)))
    (should (equal (bsc-test-face-at 2 "score" 2) '(bsc-unit-face)))
    (should (equal (bsc-test-face-at 1 "x") '(font-lock-function-name-face)))))

(ert-deftest bsc-font-lock-forecast-distributions ()
  "`forecast' and the distribution names of language.md 10.1."
  (bsc-test-with-buffer "  kr nps : score 62 -> 75 forecast triangular(70, 76, 82)\n  kr go : milestone forecast bernoulli(0.7)\n"
    (should (bsc-test-has-face 1 "forecast" 'font-lock-keyword-face))
    (should (bsc-test-has-face 1 "triangular" 'font-lock-builtin-face))
    (should (bsc-test-has-face 2 "bernoulli" 'font-lock-builtin-face))))

(ert-deftest bsc-font-lock-reference-lists ()
  "Every name of `supports a, b, c', and the target of `affects'."
  (bsc-test-with-buffer "initiative i \"I\" {\n  supports iterate, 客户满意度,research\n  affects cycle by 1\n}\n"
    (should (bsc-test-has-face 2 "iterate" 'font-lock-variable-name-face))
    (should (bsc-test-has-face 2 "客户满意度" 'font-lock-variable-name-face))
    (should (bsc-test-has-face 2 "research" 'font-lock-variable-name-face))
    (should (bsc-test-has-face 3 "cycle" 'font-lock-variable-name-face))))

(ert-deftest bsc-font-lock-identifiers-in-numbers ()
  "Digits inside identifiers are not numbers."
  (bsc-test-with-buffer "kr q3_2025 : count 1 -> 2\n"
    (should (equal (bsc-test-face-at 1 "2025") '(font-lock-variable-name-face)))))

;;;; Indentation

(defun bsc-test-reindent (text &optional prefix)
  "TEXT with every line's indentation replaced by PREFIX, then re-indented.
PREFIX is \"\" (all indentation removed) unless given: a non-empty one
leaves the closing braces behind whitespace, as a user's text has them."
  (with-temp-buffer
    (insert text)
    (bsc-mode)
    (goto-char (point-min))
    (while (not (eobp))
      (delete-horizontal-space)
      (unless (eolp) (insert (or prefix "")))
      (forward-line 1))
    (indent-region (point-min) (point-max))
    (buffer-string)))

(defun bsc-test-indent-fixed-point (name)
  "Whether samples/NAME, its indentation removed or scrambled, re-indents to itself."
  (let ((want (bsc-test-sample name)))
    (dolist (prefix '("" "   " "\t  "))
      (should (equal (bsc-test-reindent want prefix) want)))))

(ert-deftest bsc-indent-typed-closer ()
  "RET, then `}' and TAB: the brace goes back to its opener's column."
  (bsc-test-in-mode "objective x \"X\" {\n  kr a : score 1 -> 2\n"
    (goto-char (point-max))
    (insert "  }")
    (bsc-indent-line)
    (should (equal (buffer-substring (line-beginning-position) (line-end-position)) "}"))
    (bsc-indent-line)
    (should (equal (buffer-substring (line-beginning-position) (line-end-position)) "}"))))

(ert-deftest bsc-indent-company-sample ()
  (bsc-test-indent-fixed-point "company.bsc"))

(ert-deftest bsc-indent-cases-sample ()
  (bsc-test-indent-fixed-point "indent.bsc"))

(ert-deftest bsc-indent-offset-custom ()
  (bsc-test-in-mode "objective x \"X\" {\nkr a : score 1 -> 2\n}\n"
    (setq-local bsc-indent-offset 4)
    (indent-region (point-min) (point-max))
    (should (equal (buffer-string) "objective x \"X\" {\n    kr a : score 1 -> 2\n}\n"))))

(ert-deftest bsc-indent-line-keeps-point-in-text ()
  (bsc-test-in-mode "objective x \"X\" {\nkr a : score 1 -> 2"
    (goto-char (point-max))
    (backward-char 3)
    (bsc-indent-line)
    (should (equal (buffer-substring (line-beginning-position) (line-end-position))
                   "  kr a : score 1 -> 2"))
    (should (looking-at-p "> 2"))))

;;;; Comments and syntax

(ert-deftest bsc-comment-syntax ()
  (bsc-test-in-mode "kr a : score 1 -> 2 // note\n/* block\n   comment */ unit x\n\"a // b\"\n"
    (should (equal comment-start "// "))
    (search-forward "note")
    (should (nth 4 (syntax-ppss)))
    (search-forward "block")
    (should (nth 4 (syntax-ppss)))
    (search-forward "unit")
    (should-not (nth 4 (syntax-ppss)))
    (search-forward "b\"")
    (backward-char 2)
    (should (nth 3 (syntax-ppss)))
    (should-not (nth 4 (syntax-ppss)))))

(ert-deftest bsc-comment-region ()
  (bsc-test-in-mode "objective x \"X\" {\n  owner \"A\"\n}\n"
    (forward-line 1)
    (comment-region (line-beginning-position) (line-end-position))
    (should (equal (buffer-substring (line-beginning-position) (line-end-position))
                   "  // owner \"A\""))
    (uncomment-region (line-beginning-position) (line-end-position))
    (should (equal (buffer-substring (line-beginning-position) (line-end-position))
                   "  owner \"A\""))))

(ert-deftest bsc-identifiers-are-symbols ()
  "Chinese identifiers and underscores are one symbol."
  (bsc-test-in-mode "aligns 客户_满意度2 committed"
    (goto-char 9)
    (should (equal (thing-at-point 'symbol t) "客户_满意度2"))))

;;;; Mode setup

(ert-deftest bsc-auto-mode ()
  (should (eq (cdr (assoc "\\.bsc\\'" auto-mode-alist)) 'bsc-mode))
  (with-temp-buffer
    (setq buffer-file-name "/tmp/x.bsc")
    (set-auto-mode)
    (should (eq major-mode 'bsc-mode))
    (should (derived-mode-p 'prog-mode))
    (setq buffer-file-name nil)))

(ert-deftest bsc-imenu ()
  (bsc-test-with-buffer (bsc-test-sample "company.bsc")
    (let* ((index (funcall imenu-create-index-function))
           (objectives (mapcar #'car (cdr (assoc "Objectives" index))))
           (initiatives (mapcar #'car (cdr (assoc "Initiatives" index)))))
      (should (equal objectives '("客户满意度" "revenue" "iterate" "cs_triage" "fleet")))
      (should (equal initiatives '("feedback_loop")))
      (should (member "nps_score" (mapcar #'car (cdr (assoc "Key results" index))))))))

(defvar eglot-server-programs)

(ert-deftest bsc-eglot-entry ()
  "Once eglot is loaded, `bscc lsp' serves `bsc-mode'."
  (let ((eglot-server-programs nil)
        (had-eglot (featurep 'eglot)))
    (if had-eglot
        (load "eglot" nil t)
      ;; `provide' runs what `with-eval-after-load' registered
      (provide 'eglot))
    (unwind-protect
        (should (equal (assq 'bsc-mode eglot-server-programs)
                       '(bsc-mode "bscc" "lsp")))
      (unless had-eglot
        (setq features (delq 'eglot features))))))

(ert-deftest bsc-flymake-registered ()
  (bsc-test-in-mode ""
    (should (memq #'bsc-flymake flymake-diagnostic-functions))))

(ert-deftest bsc-compile-parses-check-output ()
  "`bsc-check' output (M-x compile) gives one message per bscc headline."
  (require 'compile)
  (with-temp-buffer
    (insert (bsc-test-sample "check_output.txt"))
    (setq default-directory (expand-file-name "samples/errors/" bsc-test-dir))
    (compilation-mode)
    (font-lock-ensure)
    (compilation--ensure-parse (point-max))
    (goto-char (point-min))
    (let (got)
      (while (not (eobp))
        (let ((msg (get-text-property (point) 'compilation-message)))
          (when msg
            (let ((loc (compilation--message->loc msg)))
              (push (list (caar (compilation--loc->file-struct loc))
                          (compilation--loc->line loc) (compilation--loc->col loc)
                          (compilation--message->type msg))
                    got))))
        (forward-line 1))
      ;; type: 2 error, 1 warning, 0 info (a note)
      (should (equal (nreverse got)
                     '(("acme.bsc" 5 10 1) ("acme.bsc" 5 10 1) ("acme.bsc" 9 11 2)
                       ("teams/客户.bsc" 1 11 0) ("acme.bsc" 14 26 2)
                       ("teams/客户.bsc" 1 11 1)))))))

;;;; Diagnostics JSON

(defconst bsc-test-json
  "{\"version\": 1, \"diagnostics\": [
  {\"file\": \"a.bsc\", \"line\": 2, \"column\": 3, \"end_line\": 2, \"end_column\": 9,
   \"severity\": \"error\", \"code\": \"E010\", \"message\": \"undefined name `nps2`\",
   \"notes\": [{\"file\": \"a.bsc\", \"line\": 1, \"column\": 11, \"message\": \"similar\"}]},
  {\"file\": \"a.bsc\", \"line\": 3, \"column\": 12, \"end_line\": 3, \"end_column\": 14,
   \"severity\": \"warning\", \"code\": \"W001\", \"message\": \"backward link\", \"help\": null},
  {\"file\": \"a.bsc\", \"line\": 1, \"column\": 11, \"end_line\": 1, \"end_column\": 11,
   \"severity\": \"note\", \"code\": null, \"message\": \"defined here\"},
  {\"file\": \"other.bsc\", \"line\": 1, \"column\": 1, \"end_line\": 1, \"end_column\": 2,
   \"severity\": \"error\", \"code\": \"E011\", \"message\": \"in an import\"}
]}"
  "A fixed `bscc check --format=json' output.")

(ert-deftest bsc-parse-diagnostics ()
  (let ((ds (bsc-parse-diagnostics bsc-test-json)))
    (should (= (length ds) 4))
    (should (equal (car ds)
                   '(:file "a.bsc" :line 2 :column 3 :end-line 2 :end-column 9
                     :severity :error :code "E010" :message "undefined name `nps2`"
                     :notes ((:file "a.bsc" :line 1 :column 11 :end-line 1 :end-column 11
                              :message "similar")))))
    (should (eq (plist-get (nth 1 ds) :severity) :warning))
    (should (eq (plist-get (nth 2 ds) :severity) :note))
    (should (null (plist-get (nth 2 ds) :code)))))

(ert-deftest bsc-parse-diagnostics-json-el-fallback ()
  "The json.el path (Emacs 26, or an Emacs built without libjansson) agrees."
  (let ((json bsc-test-json))
    (should (equal (bsc--json-parse-el json)
                   (if (fboundp 'json-parse-string)
                       (bsc--json-parse-native json)
                     (bsc--json-parse-el json))))
    (should (equal (alist-get 'code (car (alist-get 'diagnostics (bsc--json-parse-el json))))
                   "E010"))))

(ert-deftest bsc-parse-diagnostics-rejects-other-json ()
  (should-error (bsc-parse-diagnostics "{\"x\": 1}"))
  (should-error (bsc-parse-diagnostics "error: no such option")))

(ert-deftest bsc-flymake-diagnostics-regions ()
  "Columns are 1-based code points, the end exclusive; other files are dropped."
  (bsc-test-in-mode "objective 客户满意度 \"X\" in customer {\n  aligns nps2\n  客户满意度 -> 增长\n}\n"
    (let* ((ds (bsc-flymake-diagnostics (current-buffer)
                                        (bsc-parse-diagnostics bsc-test-json)
                                        "/proj/a.bsc" "/proj/"))
           (texts (mapcar (lambda (d)
                            (buffer-substring (flymake-diagnostic-beg d)
                                              (flymake-diagnostic-end d)))
                          ds)))
      (should (= (length ds) 4))
      (should (equal (mapcar #'flymake-diagnostic-type ds) '(:error :note :warning :note)))
      (should (equal (flymake-diagnostic-text (nth 1 ds)) "note: similar"))
      (setq ds (list (nth 0 ds) (nth 2 ds) (nth 3 ds))
            texts (list (nth 0 texts) (nth 2 texts) (nth 3 texts)))
      (should (equal (flymake-diagnostic-text (car ds)) "undefined name `nps2` [E010]"))
      (should (equal (nth 0 texts) "aligns"))
      ;; line 3 col 12: after `  客户满意度 -> ` (11 code points)
      (should (equal (nth 1 texts) "增长"))
      ;; an empty span marks the symbol there
      (should (equal (nth 2 texts) "客户满意度")))))

(ert-deftest bsc-flymake-end-to-end ()
  "The backend runs a stand-in bscc and reports its diagnostics."
  (let* ((dir (make-temp-file "bsc-test" t))
         (fake (expand-file-name "bscc" dir))
         (file (expand-file-name "a.bsc" dir))
         (bsc-bscc-program fake)
         reported)
    (unwind-protect
        (progn
          (with-temp-file fake
            (insert "#!/bin/sh\n"
                    ;; the file named: --as=PATH's, else the last argument
                    "as=; for last; do case $last in --as=*) as=${last#--as=};; esac; done\n"
                    "printf '{\"diagnostics\":[{\"file\":\"%s\",\"line\":1,\"column\":1,"
                    "\"end_line\":1,\"end_column\":10,\"severity\":\"warning\","
                    "\"code\":\"W005\",\"message\":\"orphan\"}]}' \"${as:-$last}\"\n"
                    "exit 0\n"))
          (set-file-modes fake #o755)
          (with-temp-file file (insert "objective x \"X\" in customer {\n}\n"))
          (with-current-buffer (find-file-noselect file)
            (unwind-protect
                (progn
                  (insert "// modified\n") ; checked through a temporary copy
                  (bsc-flymake (lambda (diags &rest _) (setq reported diags)))
                  (let ((deadline (+ (float-time) 10)))
                    (while (and (null reported) (< (float-time) deadline))
                      (accept-process-output nil 0.05)))
                  (should (consp reported))
                  (should (equal (flymake-diagnostic-text (car reported)) "orphan [W005]"))
                  (should (eq (flymake-diagnostic-type (car reported)) :warning))
                  ;; the temporary copy is gone
                  (should-not (directory-files dir nil "flymake")))
              (set-buffer-modified-p nil)
              (kill-buffer))))
      (delete-directory dir t))))

;;;; With a real bscc (BSCC set by emacs_ert.sh when one is built)

(defun bsc-test-bscc ()
  "The real bscc to test against, or nil."
  (let ((b (getenv "BSCC")))
    (and b (file-executable-p b) b)))

(defun bsc-test-wait-flymake (buffer)
  "Run the Flymake backend in BUFFER; return the reported diagnostics."
  (let (reported)
    (with-current-buffer buffer
      (bsc-flymake (lambda (diags &rest _) (setq reported (or diags 'none)))))
    (let ((deadline (+ (float-time) 20)))
      (while (and (null reported) (< (float-time) deadline))
        (accept-process-output nil 0.05)))
    reported))

(ert-deftest bsc-real-flymake ()
  "Flymake runs the real `bscc check --format=json' on a file with errors."
  (skip-unless (bsc-test-bscc))
  (let* ((bsc-bscc-program (bsc-test-bscc))
         (file (expand-file-name "samples/errors/acme.bsc" bsc-test-dir))
         (buf (find-file-noselect file)))
    (unwind-protect
        (with-current-buffer buf
          (let* ((ds (bsc-test-wait-flymake buf))
                 (e010 (seq-find (lambda (d) (string-match-p "nps2.*\\[E010\\]" (flymake-diagnostic-text d)))
                                 ds)))
            (should (consp ds))
            (should e010)
            (should (eq (flymake-diagnostic-type e010) :error))
            (goto-char (flymake-diagnostic-beg e010))
            (should (= (line-number-at-pos) 14))
            (should (= (current-column) 25))
            (should (equal (buffer-substring (flymake-diagnostic-beg e010) (flymake-diagnostic-end e010))
                           "nps2"))
            ;; modified buffer: checked through a temporary copy, same result
            (goto-char (point-min))
            (insert "// edited\n")
            (let ((ds2 (bsc-test-wait-flymake buf)))
              (should (seq-find (lambda (d)
                                  (and (string-match-p "\\[E010\\]" (flymake-diagnostic-text d))
                                       (progn (goto-char (flymake-diagnostic-beg d))
                                              (= (line-number-at-pos) 15))))
                                ds2)))
            (should-not (directory-files (file-name-directory file) nil "flymake"))))
      (with-current-buffer buf (set-buffer-modified-p nil))
      (kill-buffer buf))))

(ert-deftest bsc-real-flymake-root ()
  "A team file the company file imports is checked as part of it, saved or not."
  (skip-unless (bsc-test-bscc))
  (let* ((bsc-bscc-program (bsc-test-bscc))
         (file (expand-file-name "samples/root/teams/support.bsc" bsc-test-dir))
         (buf (find-file-noselect file))
         (codes (lambda (ds) (mapcar (lambda (d) (and (string-match "\\[\\([EW][0-9]+\\)\\]" (flymake-diagnostic-text d))
                                                  (match-string 1 (flymake-diagnostic-text d))))
                                     (if (consp ds) ds nil)))))
    (unwind-protect
        (with-current-buffer buf
          ;; saved: no E044 (no strategy) and no E010 for the company's `nps'
          (should (equal (funcall codes (bsc-test-wait-flymake buf)) nil))
          ;; unsaved (a temporary copy checked --as the file): the same
          (goto-char (point-min))
          (insert "// edited\n")
          (should (equal (funcall codes (bsc-test-wait-flymake buf)) nil))
          ;; and an error of its own is found, in this file
          (goto-char (point-min))
          (search-forward "aligns nps")
          (insert "x")
          (should (equal (funcall codes (bsc-test-wait-flymake buf)) '("E010")))
          (should-not (directory-files (file-name-directory file) nil "flymake")))
      (with-current-buffer buf (set-buffer-modified-p nil))
      (kill-buffer buf))))

(ert-deftest bsc-real-compile-column ()
  "M-x compile's jump to a `bscc check' headline lands on the error on a CJK line."
  (skip-unless (bsc-test-bscc))
  (require 'compile)
  (let* ((dir (expand-file-name "samples/errors/" bsc-test-dir))
         (file (expand-file-name "wide.bsc" dir))
         (default-directory dir)
         (out (shell-command-to-string
               (format "%s check wide.bsc 2>&1" (shell-quote-argument (bsc-test-bscc)))))
         (buf (find-file-noselect file)))
    (unwind-protect
        (with-temp-buffer
          (insert out)
          (compilation-mode)
          (setq default-directory dir)
          (goto-char (point-min))
          (should (search-forward "error[E010]" nil t))
          (beginning-of-line)
          (let ((compilation-auto-jump-to-first-error nil))
            (compile-goto-error))
          (with-current-buffer buf
            (should (looking-at-p "nosuch"))))
      (kill-buffer buf))))

(ert-deftest bsc-real-format-then-indent ()
  "`bsc-format-buffer' (bscc fmt -) output is a fixed point of the indenter."
  (skip-unless (bsc-test-bscc))
  (let ((bsc-bscc-program (bsc-test-bscc)))
    (dolist (name '("company.bsc" "indent.bsc"))
      (bsc-test-in-mode (bsc-test-sample name)
        (bsc-format-buffer)
        (let ((formatted (buffer-string)))
          (should-not (equal formatted (bsc-test-sample name)))
          (should (equal (bsc-test-reindent formatted "    ") formatted)))))))

;;;; Byte compilation

(ert-deftest bsc-byte-compiles-cleanly ()
  (let* ((src (locate-library "bsc-mode.el"))
         (dir (make-temp-file "bsc-bc" t))
         (copy (expand-file-name "bsc-mode.el" dir))
         (byte-compile-error-on-warn t)
         (log (get-buffer-create byte-compile-log-buffer)))
    (copy-file src copy)
    (with-current-buffer log (let ((inhibit-read-only t)) (erase-buffer)))
    (unwind-protect
        (let ((ok (byte-compile-file copy)))
          (unless ok
            (message "%s" (with-current-buffer log (buffer-string))))
          (should ok)
          (should-not (with-current-buffer log
                        (goto-char (point-min))
                        (re-search-forward "Warning" nil t))))
      (delete-directory dir t))))

(provide 'bsc-mode-tests)
;;; bsc-mode-tests.el ends here
