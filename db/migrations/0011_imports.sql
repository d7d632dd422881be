-- Reserved for 0011_imports (issue 13/16); filled by its change.
SELECT 1;
