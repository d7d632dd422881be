/** `hocba --help`: Vietnamese first, English second. The exit codes are part of the contract. */
export const HELP = `hocba verify — kiểm tra học bạ số (tệp PDF có đính kèm gói minh chứng, hoặc gói .json)

Cách dùng:
  hocba verify <tệp.pdf | gói.json | thư mục> ... [tuỳ chọn]

Tuỳ chọn:
  --online <URL>          đối chiếu với sổ cái qua máy chủ hocba (vd. http://127.0.0.1:3000);
                          máy chủ chỉ cung cấp dữ kiện sổ cái, báo cáo được tính trên máy này
  --trust-anchors <tệp>   chứng thư gốc tin cậy (PEM) cho bước chứng thư khi kiểm tra ngoại tuyến
                          (trực tuyến: lấy từ sổ cái nếu không nêu)
  --json                  in kết quả dạng JSON
  --lang vi|en            ngôn ngữ (mặc định: vi)
  --csv <tệp.csv>         ghi bảng tổng hợp (mỗi tệp một dòng)
  --recursive             duyệt cả thư mục con
  -h, --help              trợ giúp này

Với tệp PDF, ngoài sáu bước xác minh còn đối chiếu chữ in trên trang với học bạ đính kèm: từng dòng lý lịch,
kết quả, nhận xét, quyết định, và mã nội dung.

Mã thoát:
  0  hợp lệ (mọi bước đạt; với nhiều tệp: mọi tệp hợp lệ)
  1  không hợp lệ: bị sửa, bị thu hồi, lô bị thu hồi, đã được thay thế hoặc điều chỉnh,
     PDF có dòng nội dung hoặc mã nội dung in trên trang khác với học bạ đính kèm…
  2  chưa kết luận được (ngoại tuyến: chưa kiểm tra được sổ cái và tình trạng)
  3  lỗi cách dùng hoặc tệp: không có tệp, không phải gói minh chứng, PDF không đính kèm gói,
     không kết nối được máy chủ
  Nhiều tệp: mã của tệp xấu nhất, theo thứ tự 1, rồi 3, rồi 2, rồi 0.

hocba verify — checks a digital học bạ (a PDF with its proof bundle attached, or a .json bundle)

Usage:
  hocba verify <file.pdf | bundle.json | folder> ... [options]

Options:
  --online <URL>          check against the ledger through a hocba gateway (e.g. http://127.0.0.1:3000);
                          the gateway only supplies the ledger's facts, the report is computed here
  --trust-anchors <file>  trusted root certificates (PEM) for the certificate step offline
                          (online: the ledger's, unless given)
  --json                  print the results as JSON
  --lang vi|en            language (default: vi)
  --csv <file.csv>        write a summary, one row per file
  --recursive             walk subfolders too
  -h, --help              this help

For a PDF, besides the six steps, the text printed on its pages is checked against the attached record:
each identity, results, comments and decision row, and the content fingerprint.

Exit codes:
  0  valid (every step passed; for many files: every file valid)
  1  invalid: tampered, revoked, batch recalled, superseded or corrected, a PDF whose printed
     rows or content fingerprint are not the attached record's…
  2  could not be decided (offline: the ledger and status steps cannot be checked)
  3  usage or input error: no file, not a proof bundle, a PDF without the bundle attached,
     the gateway cannot be reached
  Many files: the worst file's code, in the order 1, then 3, then 2, then 0.
`;
