;;; bsc-mode.el --- Major mode for .bsc strategy files (bscc)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages
;; URL: see the bscc repository, editors/emacs

;;; Commentary:

;; A major mode for `.bsc' files: a company's strategy written as a
;; Balanced Scorecard fused with OKRs, compiled by `bscc'.
;;
;; It gives
;;  - font-lock for keywords, declarations and their names, units
;;    (rating(..), currency(..), milestone, currency codes), numbers with
;;    `%' and `pp', periods (2025-Q1, 2025-03, 2025-H1), lags (1q, 3m),
;;    strings, `//' and `/* */' comments with TODO;
;;  - brace-based indentation (`bsc-indent-offset', 2 by default);
;;  - comment commands (M-;) with `// ';
;;  - imenu entries for objectives, initiatives, KRs, KPIs, perspectives
;;    and units;
;;  - a Flymake backend running `bscc check --format=json';
;;  - `bsc-format-buffer' (`bscc fmt -') and `bsc-check' (M-x compile);
;;  - an Eglot entry for `bscc lsp' (load eglot, then M-x eglot).
;;
;; Install: put this file on `load-path' and
;;
;;   (require 'bsc-mode)
;;
;; or, with use-package,
;;
;;   (use-package bsc-mode :load-path "/path/to/bscc/editors/emacs")
;;
;; Flymake needs `bscc check --format=json'; `bsc-format-buffer' needs
;; `bscc fmt' and Eglot needs `bscc lsp', each from the bscc version
;; that ships it.

;;; Code:

(require 'subr-x)
(eval-when-compile (require 'cl-lib))
(require 'imenu)
(require 'flymake)

(defgroup bsc nil
  "Major mode for .bsc Balanced Scorecard / OKR files."
  :group 'languages
  :prefix "bsc-")

(defcustom bsc-indent-offset 2
  "Indentation of one level of braces in `bsc-mode'."
  :type 'integer
  :safe #'integerp)

(defcustom bsc-bscc-program "bscc"
  "The bscc program used for checking, formatting and the language server."
  :type 'string)

(defcustom bsc-flymake-extra-args nil
  "Extra arguments given to `bscc check' by the Flymake backend, e.g. (\"-Werror\")."
  :type '(repeat string))

(defface bsc-number-face
  '((t :inherit font-lock-constant-face))
  "Face for numbers, with their `%' or `pp' suffix.")

(defface bsc-period-face
  '((t :inherit font-lock-constant-face))
  "Face for periods (2025-Q1, 2025-03, 2025-H1) and lags (1q, 3m).")

(defface bsc-operator-face
  '((t :inherit font-lock-builtin-face))
  "Face for the operators -> .. >= <= and friends.")

(defface bsc-unit-face
  '((t :inherit font-lock-type-face))
  "Face for units: percent, hours, rating(1..5), currency(USD), CNY ...")

;;;; Syntax

(defvar bsc-mode-syntax-table
  (let ((st (make-syntax-table)))
    ;; `//' line comments (style a) and `/* */' block comments (style b).
    (modify-syntax-entry ?/ ". 124b" st)
    (modify-syntax-entry ?* ". 23" st)
    (modify-syntax-entry ?\n "> b" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?{ "(}" st)
    (modify-syntax-entry ?} "){" st)
    (modify-syntax-entry ?\( "()" st)
    (modify-syntax-entry ?\) ")(" st)
    (dolist (c '(?% ?- ?+ ?= ?< ?> ?. ?, ?:))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table of `bsc-mode'.")

;;;; Font lock

(defconst bsc-keywords
  '("import" "strategy" "horizon" "cadence" "perspectives" "perspective" "rank"
    "unit" "objective" "in" "owner" "team" "individual" "level" "company"
    "aligns" "committed" "aspirational" "compensation" "kr" "kpi" "by" "weight"
    "increase" "decrease" "from" "warn" "initiative" "cost" "affects" "relative"
    "supports" "lag" "strength" "actuals" "thresholds" "limit" "true" "false"
    "forecast" "plan" "starts" "during" "every" "carry" "per" "close"
    "contributes" "feeds" "cascade" "theme" "scored" "context"
    "maintain" "benchmark" "breakdown")
  "The reserved words of .bsc (docs/language.md, section 1).")

(defconst bsc-declaration-keywords
  '("objective" "kr" "kpi" "initiative" "perspective" "unit" "strategy"
    "actuals" "import")
  "Keywords that start a declaration.")

(defconst bsc-builtin-units
  '("count" "score" "ratio" "percent" "pp" "hours" "minutes" "seconds"
    "milliseconds" "days" "weeks" "months" "quarters" "years" "milestone" "boolean")
  "Units of the prelude and built-in unit forms.")

(defconst bsc--ident-re
  (rx (or alpha "_") (* (or alpha digit "_")))
  "Regexp of an identifier.")

(defun bsc--kw-re (words)
  "A regexp matching any of WORDS as a whole symbol."
  (concat "\\_<" (regexp-opt words t) "\\_>"))

(defconst bsc--number-re
  (concat "\\_<[0-9][0-9_]*\\(?:\\.[0-9][0-9_]*\\)?"
          "\\(?:[eE][-+]?[0-9]+\\)?\\(?:%\\|pp\\_>\\|[kKMB]\\_>\\)?")
  "Regexp of a number with its optional `%', `pp' or magnitude (`1.2M') suffix.")

(defconst bsc--period-re
  "\\_<\\(?:FY[0-9]\\{4\\}\\(?:-\\(?:Q[1-4]\\|H[12]\\)\\)?\\|[0-9]\\{4\\}-\\(?:Q[1-4]\\|H[12]\\|W[0-5][0-9]\\|\\(?:0[1-9]\\|1[0-2]\\)\\(?:-[0-3][0-9]\\)?\\)\\)\\_>"
  "Regexp of a period: 2025-Q1, 2025-H1, 2025-03, FY2025-Q1, 2026-W07, 2026-02-12.")

(defconst bsc--lag-re "\\_<[0-9]+[qmyh]\\_>"
  "Regexp of a span of periods (a lag): 1q, 3m, 1y, 1h.")

(defun bsc--ppss-at (pos n)
  "Return element N of the syntax state at POS, keeping point and match data."
  (save-excursion (save-match-data (nth n (syntax-ppss pos)))))

(defun bsc--match-in-comment (regexp)
  "Return a font-lock matcher for REGEXP that only matches inside comments."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (when (bsc--ppss-at (match-beginning 0) 4)
          (setq found t)))
      found)))

(defun bsc--match-code (regexp)
  "Return a font-lock matcher for REGEXP that skips strings and comments."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (unless (bsc--ppss-at (match-beginning 0) 8)
          (setq found t)))
      found)))

(defun bsc--in-block-of (pos word)
  "Whether POS is directly inside a `{' that follows WORD on its line."
  (let ((open (bsc--ppss-at pos 1)))
    (and open
         (save-excursion
           (goto-char open)
           (save-match-data
             (looking-back (concat "\\_<" word "\\_>[^{\n]*") (line-beginning-position)))))))

(defun bsc--match-checkin (limit)
  "Font-lock matcher: the measure's name of a check-in line in an `actuals' block."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "^[ \t]*\\(" bsc--ident-re "\\)[ \t]+\\(?:[-+.]?[0-9]\\|true\\_>\\|false\\_>\\)")
                                   limit t))
      (when (and (not (member (match-string 1) bsc-keywords))
                 (bsc--in-block-of (match-beginning 1) "actuals"))
        (setq found t)))
    found))

(defun bsc--match-persp-list (limit)
  "Font-lock matcher: a perspective's name in the strategy's `perspectives { }'."
  (let (found)
    (while (and (not found) (re-search-forward (concat "\\_<\\(" bsc--ident-re "\\)\\_>") limit t))
      (when (and (not (bsc--ppss-at (match-beginning 0) 8))
                 (bsc--in-block-of (match-beginning 1) "perspectives"))
        (setq found t)))
    found))

(defun bsc--match-formula-ref (limit)
  "Font-lock matcher: a name that a KR's formula (`= a + b') reads."
  (let (found)
    (while (and (not found) (re-search-forward (concat "\\_<\\(" bsc--ident-re "\\)\\_>") limit t))
      (let ((beg (match-beginning 1)) (name (match-string 1)))
        (when (and (not (bsc--ppss-at beg 8))
                   (not (member name bsc-keywords))
                   (not (looking-at-p "[ \t]*("))
                   (save-excursion
                     (save-match-data
                       (goto-char beg)
                       (looking-back "^[ \t]*\\_<k\\(?:r\\|pi\\)\\_>[^=\n]*[^<>=\n]=[^=\n]*"
                                     (line-beginning-position)))))
          (setq found t))))
    found))

(defconst bsc-font-lock-keywords
  (let ((id (concat "\\(" bsc--ident-re "\\)")))
    `(;; TODO and friends in comments
      (,(bsc--match-in-comment "\\_<\\(TODO\\|FIXME\\|XXX\\|NOTE\\)\\_>")
       1 font-lock-warning-face prepend)
      ;; declarations and the names they declare
      (,(concat "\\_<\\(objective\\)\\s-+" id)
       (1 font-lock-keyword-face) (2 font-lock-function-name-face))
      (,(concat "\\_<\\(kr\\|kpi\\)\\s-+" id)
       (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
      (,(concat "\\_<\\(initiative\\)\\s-+" id)
       (1 font-lock-keyword-face) (2 font-lock-function-name-face))
      (,(concat "\\_<\\(perspective\\)\\s-+" id)
       (1 font-lock-keyword-face) (2 font-lock-constant-face))
      (,(concat "\\_<\\(unit\\)\\s-+" id)
       (1 font-lock-keyword-face) (2 font-lock-type-face))
      ;; names in a keyword's slot
      (,(concat "\\_<\\(?:aligns\\|supports\\|affects\\)\\s-+" id) 1 font-lock-variable-name-face)
      ;; the second and later names of `supports a, b, c'
      (,(concat "\\_<supports\\s-+" bsc--ident-re)
       (,(concat "\\=\\s-*,\\s-*" id) nil nil (1 font-lock-variable-name-face)))
      ;; both ends of a causal link `a -> b'
      (,(concat "^\\s-*" id "\\s-*->\\s-*" id)
       (1 font-lock-variable-name-face) (2 font-lock-variable-name-face))
      ;; check-in names, names in `perspectives { }', formula references
      (bsc--match-checkin 1 font-lock-variable-name-face)
      (bsc--match-persp-list 1 font-lock-constant-face)
      (bsc--match-formula-ref 1 font-lock-variable-name-face)
      (,(concat "\\_<in\\s-+" id) 1 font-lock-constant-face)
      (,(concat "\\_<cadence\\s-+\\(quarter\\|month\\|year\\|half\\)\\_>")
       1 font-lock-constant-face)
      (,(concat "\\_<limit\\s-+" id) 1 font-lock-variable-name-face)
      ;; `step` is a keyword only right after `plan`
      ("\\_<plan\\s-+\\(step\\)\\_>" 1 font-lock-keyword-face)
      ;; an initiative's tracking words (language.md §10.2, not reserved):
      ;; at the start of a line, the statuses after `status', `done' after a due
      ("^\\s-*\\(status\\|spent\\|complete\\|milestone\\)\\s-" 1 font-lock-keyword-face)
      ("\\_<status\\s-+\\(planned\\|in_progress\\|done\\|on_hold\\|cancelled\\)\\_>" 1 font-lock-keyword-face)
      ("[0-9]\\s-+\\(done\\)\\_>" 1 font-lock-keyword-face)
      ;; the unit after a KR's or KPI's colon
      (,(concat ":\\s-*" id) 1 'bsc-unit-face)
      ;; keywords
      (,(bsc--kw-re '("true" "false")) 1 font-lock-constant-face)
      (,(bsc--kw-re (remove "true" (remove "false" bsc-keywords)))
       1 font-lock-keyword-face)
      ;; units
      (,(bsc--kw-re bsc-builtin-units) 1 'bsc-unit-face)
      ("\\_<\\(rating\\|currency\\)\\s-*(" 1 'bsc-unit-face)
      ("\\_<\\([A-Z][A-Z][A-Z]\\)\\_>" 1 'bsc-unit-face)
      ;; the denominator of a rate unit: USD/gallon, cases/1000 people
      ("[[:alnum:]_]/\\(?:[0-9][0-9_.]*[kKMB]?[ \t]+\\)?\\([[:alpha:]_][[:alnum:]_]*\\)" 1 'bsc-unit-face)
      ;; functions of formulas and the distributions of `forecast', threshold names
      (,(concat (bsc--kw-re '("min" "max" "abs" "avg" "normal" "lognormal" "uniform"
                              "triangular" "pert" "beta" "bernoulli"))
                "\\s-*(")
       1 font-lock-builtin-face)
      ("\\_<\\(green\\|yellow\\)\\s-+[0-9]" 1 font-lock-constant-face)
      ;; literals: periods and lags before numbers
      (,bsc--period-re . 'bsc-period-face)
      (,bsc--lag-re . 'bsc-period-face)
      (,bsc--number-re . 'bsc-number-face)
      ;; operators (not the slashes of comments)
      (,(bsc--match-code "->\\|\\.\\.\\|>=\\|<=\\|[<>=+*/-]") . 'bsc-operator-face)))
  "Font-lock keywords of `bsc-mode'.")

;;;; Indentation

(defun bsc-calculate-indentation ()
  "The column the current line should be indented to."
  (save-excursion
    ;; `syntax-ppss' moves point to its argument: take the state at the
    ;; line's start first, then go to its first non-blank character.
    (let* ((ppss (syntax-ppss (line-beginning-position)))
           (comment (and (nth 4 ppss) (nth 8 ppss))))
      (back-to-indentation)
      (cond
       ;; inside a /* block comment */: line up with its opening
       (comment
        (let ((star (looking-at-p "\\*")))
          (goto-char comment)
          (+ (current-column) (if star 1 3))))
       ;; inside a string (strings are one line; be safe)
       ((nth 3 ppss) (current-indentation))
       (t
        ;; one level per open bracket, minus the closers that start the line
        (let ((depth (car (syntax-ppss)))
              (closers 0))
          (while (looking-at "[])}]")
            (setq closers (1+ closers))
            (forward-char 1)
            (skip-chars-forward " \t"))
          (* bsc-indent-offset (max 0 (- depth closers)))))))))

(defun bsc-indent-line ()
  "Indent the current line as .bsc code."
  (interactive)
  (let ((col (bsc-calculate-indentation))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to col)
    (when (> offset 0)
      (move-to-column (+ col offset)))))

;;;; Imenu

(defvar bsc-imenu-generic-expression
  (let ((id (concat "\\(" bsc--ident-re "\\)")))
    `(("Units" ,(concat "^\\s-*unit\\s-+" id) 1)
      ("Perspectives" ,(concat "^\\s-*perspective\\s-+" id) 1)
      ("KPIs" ,(concat "^\\s-*kpi\\s-+" id) 1)
      ("Key results" ,(concat "^\\s-*kr\\s-+" id) 1)
      ("Initiatives" ,(concat "^\\s-*initiative\\s-+" id) 1)
      ("Objectives" ,(concat "^\\s-*objective\\s-+" id) 1)))
  "Imenu index of `bsc-mode': objectives, initiatives, KRs, KPIs, ...")

;;;; Diagnostics (bscc check --format=json)

(declare-function json-read-from-string "json" (string))
(defvar json-object-type)
(defvar json-array-type)
(defvar json-key-type)
(defvar json-false)
(defvar json-null)

(defun bsc--json-parse-native (string)
  "Parse the JSON STRING with the C parser of Emacs 27+."
  (if (fboundp 'json-parse-string)
      (json-parse-string string :object-type 'alist :array-type 'list
                         :null-object nil :false-object nil)
    (error "This Emacs has no json-parse-string")))

(defun bsc--json-parse-el (string)
  "Parse the JSON STRING with json.el."
  (require 'json)
  (let ((json-object-type 'alist)
        (json-array-type 'list)
        (json-key-type 'symbol)
        (json-false nil)
        (json-null nil))
    (json-read-from-string string)))

(defun bsc--json-parse (string)
  "Parse the JSON STRING into alists (symbol keys) and lists.
Uses `json-parse-string' when this Emacs has it, json.el otherwise."
  (if (fboundp 'json-parse-string)
      (bsc--json-parse-native string)
    (bsc--json-parse-el string)))

(defun bsc--parse-location (d)
  "The location plist of the JSON object D (a diagnostic or a note)."
  (let* ((line (or (alist-get 'line d) 1))
         (col (or (alist-get 'column d) 1)))
    (list :file (alist-get 'file d)
          :line line
          :column col
          :end-line (or (alist-get 'end_line d) line)
          :end-column (or (alist-get 'end_column d) col))))

(defun bsc-parse-diagnostics (json)
  "Parse the output JSON of `bscc check --format=json'.
Returns a list of plists (:file :line :column :end-line :end-column
:severity :code :message :notes), with severity one of `:error',
`:warning' and `:note', and :notes a list of plists (:file :line :column
:end-line :end-column :message).  Lines and columns are as bscc gives
them: 1-based, columns in code points, the end exclusive.  Signals an
error if JSON is not bscc's."
  (let* ((data (bsc--json-parse json))
         (diags (and (consp data) (alist-get 'diagnostics data))))
    (unless (and (consp data) (assq 'diagnostics data))
      (error "Not bscc JSON output: no \"diagnostics\" member"))
    (mapcar
     (lambda (d)
       (append (bsc--parse-location d)
               (list :severity (pcase (alist-get 'severity d)
                                 ("error" :error)
                                 ("warning" :warning)
                                 (_ :note))
                     :code (alist-get 'code d)
                     :message (or (alist-get 'message d) "")
                     :notes (mapcar (lambda (n)
                                      (append (bsc--parse-location n)
                                              (list :message (or (alist-get 'message n) ""))))
                                    (alist-get 'notes d)))))
     diags)))

(defun bsc--line-col-pos (line col)
  "Position of LINE and code-point column COL (both 1-based), clamped."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char (point-min))
      (if (> (forward-line (1- (max 1 line))) 0)
          (point-max)
        (min (+ (point) (max 0 (1- col))) (line-end-position))))))

(defun bsc-diagnostic-region (diag)
  "The buffer region (BEG . END) of the parsed diagnostic DIAG."
  (let* ((beg (bsc--line-col-pos (plist-get diag :line) (plist-get diag :column)))
         (end (bsc--line-col-pos (plist-get diag :end-line) (plist-get diag :end-column))))
    (if (> end beg)
        (cons beg end)
      ;; an empty span: mark the symbol (or the character) there
      (save-excursion
        (goto-char beg)
        (let ((bounds (bounds-of-thing-at-point 'symbol)))
          (if (and bounds (< (car bounds) (cdr bounds)))
              bounds
            (cons beg (min (point-max) (max (1+ beg) (line-end-position))))))))))

(defun bsc--same-file-p (a b)
  "Whether file names A and B name the same file."
  (and a b
       (or (string= (expand-file-name a) (expand-file-name b))
           (and (file-exists-p a) (file-exists-p b)
                (file-equal-p a b)))))

(defun bsc-flymake-diagnostics (buffer diags file dir)
  "Flymake diagnostics of BUFFER for parsed DIAGS (see `bsc-parse-diagnostics').
FILE is the file bscc checked (relative names are taken from DIR);
diagnostics in other files (imports) are left out.  A diagnostic's notes
that point into FILE become `:note' diagnostics of their own."
  (with-current-buffer buffer
    (let (out)
      (cl-flet ((here-p (d) (let ((f (plist-get d :file)))
                              (or (null f) (bsc--same-file-p (expand-file-name f dir) file))))
                (make (d type text)
                      (let ((region (bsc-diagnostic-region d)))
                        (flymake-make-diagnostic buffer (car region) (cdr region) type text))))
        (dolist (d diags)
          (when (here-p d)
            (let ((code (plist-get d :code)))
              (push (make d (plist-get d :severity)
                          (if code
                              (format "%s [%s]" (plist-get d :message) code)
                            (plist-get d :message)))
                    out)))
          (dolist (n (plist-get d :notes))
            (when (and (plist-get n :file) (here-p n))
              (push (make n :note (concat "note: " (plist-get n :message))) out)))))
      (nreverse out))))

(defvar-local bsc--flymake-proc nil
  "The running `bscc check' process of this buffer's Flymake backend.")

(defun bsc-flymake (report-fn &rest _args)
  "Flymake backend: run `bscc check --format=json' and REPORT-FN the result.
An unmodified buffer visiting a file is checked in place; otherwise a
temporary copy next to the file is checked `--as' the visited file (so
relative imports resolve and the root file that imports it is found)."
  (unless (executable-find bsc-bscc-program)
    (error "Cannot find %s" bsc-bscc-program))
  (when (process-live-p bsc--flymake-proc)
    (kill-process bsc--flymake-proc))
  (let* ((source (current-buffer))
         (visited (buffer-file-name))
         (dir (if visited (file-name-directory visited) default-directory))
         (temp (when (or (not visited) (buffer-modified-p))
                 (make-temp-file
                  (expand-file-name ".flymake-bsc-" (if (file-writable-p dir)
                                                       dir
                                                     temporary-file-directory))
                  nil ".bsc")))
         (file (or temp visited))
         (out (generate-new-buffer " *bsc-flymake*"))
         (errbuf (get-buffer-create " *bsc-flymake-stderr*")))
    (with-current-buffer errbuf (erase-buffer))
    (when temp
      (save-restriction
        (widen)
        (let ((coding-system-for-write 'utf-8-unix))
          (write-region nil nil temp nil 'silent))))
    (setq bsc--flymake-proc
          (make-process
           :name "bsc-flymake" :noquery t :connection-type 'pipe
           :buffer out
           ;; --as: the copy stands for the visited file, so a team file
           ;; is checked as part of the strategy file that imports it
           :command `(,bsc-bscc-program "check" "--format=json"
                                        ,@(and temp visited (list (concat "--as=" visited)))
                                        ,@bsc-flymake-extra-args ,file)
           :stderr errbuf
           :sentinel
           (lambda (proc _event)
             (when (memq (process-status proc) '(exit signal))
               (unwind-protect
                   (if (with-current-buffer source (not (eq proc bsc--flymake-proc)))
                       (flymake-log :warning "Canceling obsolete check %s" proc)
                     (let ((text (with-current-buffer out (buffer-string))))
                       (condition-case err
                           (funcall report-fn
                                    (bsc-flymake-diagnostics
                                     source (bsc-parse-diagnostics text)
                                     (or visited file) dir))
                         (error
                          (funcall report-fn :panic
                                   :explanation
                                   (format "bscc check: %s (exit %s) %s"
                                           (error-message-string err)
                                           (process-exit-status proc)
                                           (with-current-buffer errbuf
                                             (string-trim (buffer-string)))))))))
                 (when temp (ignore-errors (delete-file temp)))
                 (kill-buffer out))))))))

;;;; M-x compile

(defconst bsc-compilation-regexp
  (concat "^\\([^ \t\n:][^\n:]*\\):\\([0-9]+\\):\\([0-9]+\\): "
          "\\(?:\\(error\\)\\|\\(warning\\)\\|\\(note\\)\\)"
          "\\(?:\\[[A-Z][0-9]+\\]\\)?: ")
  "A headline of `bscc check': FILE:LINE:COL: error[E010]: message.")

(defvar compilation-error-regexp-alist-alist)
(defvar compilation-error-regexp-alist)
(defvar compilation-error-screen-columns)
(with-eval-after-load 'compile
  (add-to-list 'compilation-error-regexp-alist-alist
               `(bscc ,bsc-compilation-regexp 1 2 3 (5 . 6)))
  (add-to-list 'compilation-error-regexp-alist 'bscc))

;;;; Commands: check, format

(defun bsc-check ()
  "Run `bscc check' on the current file with \\[compile]."
  (interactive)
  (unless buffer-file-name
    (user-error "The buffer visits no file"))
  (compile (format "%s check %s" bsc-bscc-program
                   (shell-quote-argument (file-local-name buffer-file-name)))))

(defun bsc-format-buffer ()
  "Format the buffer with `bscc fmt -'; leave it alone on error."
  (interactive)
  (let ((out (generate-new-buffer " *bsc-fmt*"))
        (err (make-temp-file "bsc-fmt-err")))
    (unwind-protect
        (let* ((coding-system-for-read 'utf-8-unix)
               (coding-system-for-write 'utf-8-unix)
               (status (save-restriction
                         (widen)
                         (call-process-region (point-min) (point-max)
                                              bsc-bscc-program nil (list out err)
                                              nil "fmt" "-"))))
          (if (eq status 0)
              (if (fboundp 'replace-buffer-contents)
                  (save-restriction
                    (widen)
                    (replace-buffer-contents out))
                (let ((p (point)))
                  (erase-buffer)
                  (insert-buffer-substring out)
                  (goto-char (min p (point-max)))))
            (message "bscc fmt failed: %s"
                     (with-temp-buffer
                       (insert-file-contents err)
                       (string-trim (buffer-string)))))
          nil)
      (kill-buffer out)
      (delete-file err))))

;;;; The mode

(defvar bsc-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-c") #'bsc-check)
    (define-key map (kbd "C-c C-f") #'bsc-format-buffer)
    map)
  "Keymap of `bsc-mode'.")

;;;###autoload
(define-derived-mode bsc-mode prog-mode "BSC"
  "Major mode for .bsc strategy files (Balanced Scorecard + OKRs).

\\{bsc-mode-map}"
  :syntax-table bsc-mode-syntax-table
  :group 'bsc
  (setq-local font-lock-defaults '(bsc-font-lock-keywords nil nil))
  (setq-local comment-start "// ")
  ;; `bscc check' columns count code points: M-x compile must not read them
  ;; as screen columns (a CJK character is two), see docs/diagnostics.md
  (setq-local compilation-error-screen-columns nil)
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|/\\*+\\)\\s-*")
  (setq-local comment-end-skip "[ \t]*\\(?:\n\\|\\*+/\\)")
  (setq-local comment-multi-line nil)
  (setq-local indent-line-function #'bsc-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append '(?{ ?} ?\( ?\)) electric-indent-chars))
  (setq-local imenu-generic-expression bsc-imenu-generic-expression)
  (setq-local imenu-case-fold-search nil)
  (add-hook 'flymake-diagnostic-functions #'bsc-flymake nil t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.bsc\\'" . bsc-mode))

;; `bscc lsp' for Eglot (M-x eglot in a .bsc buffer).
(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(bsc-mode "bscc" "lsp")))

(provide 'bsc-mode)
;;; bsc-mode.el ends here
