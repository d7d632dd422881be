-- Reserved for 0009_salt_scheme (issue 13/16); filled by its change.
SELECT 1;
