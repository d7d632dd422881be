-- Reserved for 0012_certificates (issue 13); filled by its change.
SELECT 1;
