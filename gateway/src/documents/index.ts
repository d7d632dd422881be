/** The học bạ as a PDF that proves itself (issue 15 point 2): issue, render, and the issue log. */
export { documentIssuesOf, type IssueInput, type IssueRefusal, issueDocument } from './issue.ts';
export { BUNDLE_ATTACHMENT, type DocumentKind } from './model.ts';
export { lookupUrl } from './qr.ts';
