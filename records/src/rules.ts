/**
 * Every rule the record checks, with the article it comes from. A problem names its rule by id, so a
 * person can look the article up; the table says how sure we are of the citation, because the article
 * numbers were checked against the circulars' text for some rules and only recalled for others.
 *
 * To correct a citation, change it here: ids are what tests and clients match on, not article numbers.
 */
/** GDTX records cite Circular 22's rules: continuing.ts explains why Circular 43/2021 is not cited. */
export type RuleSource = 'TT27/2020' | 'TT22/2021' | 'CT2018' | 'CTGDTX' | 'hocba';

export interface RuleCitation {
  readonly source: RuleSource;
  /** Article and clause as the circular numbers them, e.g. "Điều 9 khoản 2 điểm a". */
  readonly article: string;
  /** verified: read in a copy of the circular's text; recalled: from memory, to be checked. */
  readonly confidence: 'verified' | 'recalled';
  readonly summary: { readonly vi: string; readonly en: string };
}

export const RULES = {
  schema: {
    source: 'hocba',
    article: 'DESIGN.md §6',
    confidence: 'verified',
    summary: { vi: 'Cấu trúc học bạ số', en: 'shape of the record' },
  },
  'hocba.gradeLevel': {
    source: 'hocba',
    article: 'Luật Giáo dục 2019 Điều 29',
    confidence: 'verified',
    summary: { vi: 'Khối lớp phải thuộc cấp học', en: 'the grade must belong to the level' },
  },
  'CT2018.subjects': {
    source: 'CT2018',
    article: 'Chương trình GDPT 2018 (TT 32/2018, sửa đổi TT 13/2022), kế hoạch giáo dục từng cấp',
    confidence: 'recalled',
    summary: { vi: 'Môn học, hoạt động giáo dục theo khối lớp', en: 'subjects and activities per grade' },
  },
  'CT2018.THPT.electives': {
    source: 'CT2018',
    article: 'Chương trình tổng thể, mục kế hoạch giáo dục THPT (sửa đổi bởi TT 13/2022): chọn 4 môn',
    confidence: 'recalled',
    summary: { vi: 'Chọn đúng 4 môn học lựa chọn', en: 'exactly 4 elective subjects' },
  },
  'CT2018.THPT.topics': {
    source: 'CT2018',
    article: 'Chương trình tổng thể, mục kế hoạch giáo dục THPT: chọn 3 cụm chuyên đề học tập',
    confidence: 'recalled',
    summary: { vi: 'Chọn đúng 3 cụm chuyên đề học tập', en: 'exactly 3 learning-topic clusters' },
  },
  'CTGDTX.subjects': {
    source: 'CTGDTX',
    article: 'Chương trình GDTX cấp THPT (kế hoạch giáo dục)',
    confidence: 'recalled',
    summary: { vi: 'Môn học GDTX cấp THPT', en: 'subjects of the continuing-education programme' },
  },
  'TT27.Art7.1b': {
    source: 'TT27/2020',
    article: 'Điều 7 khoản 1 điểm b',
    confidence: 'recalled',
    summary: {
      vi: 'Môn có bài kiểm tra định kì: Tiếng Việt, Toán, Ngoại ngữ 1, Lịch sử và Địa lí, Khoa học, Tin học và Công nghệ',
      en: 'subjects with a periodic test: Vietnamese, Mathematics, Foreign language 1, History and Geography, Science, Informatics and Technology',
    },
  },
  'TT27.Art10.1a': {
    source: 'TT27/2020',
    article: 'Điều 10 khoản 1 điểm a',
    confidence: 'recalled',
    summary: {
      vi: 'Hoàn thành xuất sắc: các môn Hoàn thành tốt, phẩm chất năng lực Tốt, điểm KTĐK cuối năm từ 9',
      en: 'excellent: every subject completed well, every quality and competency good, year-end tests ≥ 9',
    },
  },
  'TT27.Art10.1b': {
    source: 'TT27/2020',
    article: 'Điều 10 khoản 1 điểm b',
    confidence: 'recalled',
    summary: {
      vi: 'Hoàn thành tốt: các môn Hoàn thành tốt, phẩm chất năng lực Tốt, điểm KTĐK cuối năm từ 7',
      en: 'completed well: every subject completed well, every quality and competency good, year-end tests ≥ 7',
    },
  },
  'TT27.Art10.1c': {
    source: 'TT27/2020',
    article: 'Điều 10 khoản 1 điểm c',
    confidence: 'recalled',
    summary: {
      vi: 'Hoàn thành: các môn từ Hoàn thành, phẩm chất năng lực từ Đạt, điểm KTĐK cuối năm từ 5',
      en: 'completed: no subject not completed, no quality or competency needing effort, year-end tests ≥ 5',
    },
  },
  'TT27.Art10.1d': {
    source: 'TT27/2020',
    article: 'Điều 10 khoản 1 điểm d',
    confidence: 'recalled',
    summary: { vi: 'Chưa hoàn thành: các trường hợp còn lại', en: 'not completed: every other case' },
  },
  'TT27.Art11': {
    source: 'TT27/2020',
    article: 'Điều 11 khoản 1–3',
    confidence: 'recalled',
    summary: {
      vi: 'Hoàn thành chương trình lớp học khi đạt HTXS, HTT hoặc HT, hoặc sau đánh giá bổ sung',
      en: 'the grade is completed with HTXS, HTT or HT, or after a supplementary assessment',
    },
  },
  'TT27.Art11.4': {
    source: 'TT27/2020',
    article: 'Điều 11 khoản 4',
    confidence: 'recalled',
    summary: {
      vi: 'Học sinh lớp 5 hoàn thành chương trình lớp học thì hoàn thành chương trình tiểu học',
      en: 'a grade-5 pupil who completes the grade completes primary school',
    },
  },
  'TT27.Art13.1a': {
    source: 'TT27/2020',
    article: 'Điều 13 khoản 1 điểm a',
    confidence: 'recalled',
    summary: {
      vi: 'Danh hiệu Học sinh Xuất sắc cho học sinh Hoàn thành xuất sắc',
      en: 'the title Excellent Pupil goes to pupils who completed with excellence',
    },
  },
  'TT27.Art13.1b': {
    source: 'TT27/2020',
    article: 'Điều 13 khoản 1 điểm b',
    confidence: 'recalled',
    summary: {
      vi: 'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện: chỉ xét học sinh Hoàn thành tốt',
      en: 'the title Exemplary Pupil is only for pupils who completed well',
    },
  },
  'TT22.Art5.3a': {
    source: 'TT22/2021',
    article: 'Điều 5 khoản 3 điểm a',
    confidence: 'verified',
    summary: {
      vi: 'Môn đánh giá bằng nhận xét: GDTC, Nghệ thuật, Âm nhạc, Mĩ thuật, GD địa phương, HĐTN(-HN)',
      en: 'comment-assessed subjects: PE, arts, music, fine arts, local education, experiential activities',
    },
  },
  'TT22.Art6.2b': {
    source: 'TT22/2021',
    article: 'Điều 6 khoản 2 điểm b',
    confidence: 'verified',
    summary: {
      vi: 'Số ĐĐGtx mỗi học kì: 2 (đến 35 tiết/năm), 3 (trên 35 đến 70 tiết), 4 (trên 70 tiết)',
      en: 'regular scores per semester: 2 (≤ 35 periods a year), 3 (36–70), 4 (> 70)',
    },
  },
  'TT22.Art6.topic': {
    source: 'TT22/2021',
    article: 'Điều 6 (cụm chuyên đề học tập cấp THPT)',
    confidence: 'recalled',
    summary: {
      vi: 'Kết quả cụm chuyên đề học tập tính thêm 01 ĐĐGtx của môn học',
      en: 'a learning-topic cluster adds one regular score to its subject',
    },
  },
  'TT22.Art8.3': {
    source: 'TT22/2021',
    article: 'Điều 8 khoản 3',
    confidence: 'verified',
    summary: {
      vi: 'Kết quả rèn luyện cả năm suy ra từ hai học kì',
      en: 'the year conduct result follows from the two semesters',
    },
  },
  'TT22.Art9.1a': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 1 điểm a',
    confidence: 'verified',
    summary: {
      vi: 'Môn đánh giá bằng nhận xét: cả năm Đạt khi học kì II Đạt',
      en: 'a comment-assessed subject passes the year when it passes semester II',
    },
  },
  'TT22.Art9.1b': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 1 điểm b',
    confidence: 'verified',
    summary: {
      vi: 'ĐTBmhk = (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck)/(số ĐĐGtx + 5); ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII)/3',
      en: 'semester average = (Σ regular + 2·mid-term + 3·end-term)/(n + 5); year = (S1 + 2·S2)/3',
    },
  },
  'TT22.Art9.2a': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 2 điểm a',
    confidence: 'verified',
    summary: {
      vi: 'Tốt: môn nhận xét đều Đạt; môn có điểm đều từ 6,5, ít nhất 6 môn từ 8,0',
      en: 'good: every comment subject passed; every scored subject ≥ 6.5, at least 6 ≥ 8.0',
    },
  },
  'TT22.Art9.2b': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 2 điểm b',
    confidence: 'verified',
    summary: {
      vi: 'Khá: môn nhận xét đều Đạt; môn có điểm đều từ 5,0, ít nhất 6 môn từ 6,5',
      en: 'fairly good: every comment subject passed; every scored subject ≥ 5.0, at least 6 ≥ 6.5',
    },
  },
  'TT22.Art9.2c': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 2 điểm c',
    confidence: 'verified',
    summary: {
      vi: 'Đạt: nhiều nhất 1 môn nhận xét Chưa đạt; ít nhất 6 môn từ 5,0; không môn nào dưới 3,5',
      en: 'pass: at most one comment subject failed; at least 6 scored ≥ 5.0; none below 3.5',
    },
  },
  'TT22.Art9.2d': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 2 điểm d',
    confidence: 'verified',
    summary: { vi: 'Chưa đạt: các trường hợp còn lại', en: 'not yet passed: every other case' },
  },
  'TT22.Art9.3': {
    source: 'TT22/2021',
    article: 'Điều 9 khoản 3',
    confidence: 'verified',
    summary: {
      vi: 'Bị thấp xuống từ 2 mức so với Tốt/Khá chỉ do 1 môn thì được điều chỉnh lên mức liền kề',
      en: 'a result two or more levels below good/fairly good because of one subject only is raised one level',
    },
  },
  'TT22.Art12': {
    source: 'TT22/2021',
    article: 'Điều 12',
    confidence: 'verified',
    summary: {
      vi: 'Lên lớp: rèn luyện và học tập cả năm từ Đạt, nghỉ không quá 45 buổi',
      en: 'promotion: year conduct and learning at least pass, no more than 45 sessions absent',
    },
  },
  'TT22.Art13': {
    source: 'TT22/2021',
    article: 'Điều 13',
    confidence: 'recalled',
    summary: {
      vi: 'Rèn luyện cả năm Chưa đạt thì rèn luyện trong kì nghỉ hè',
      en: 'a year conduct result of not yet passed means summer conduct training',
    },
  },
  'TT22.Art14': {
    source: 'TT22/2021',
    article: 'Điều 14',
    confidence: 'recalled',
    summary: {
      vi: 'Học tập cả năm Chưa đạt thì kiểm tra lại các môn ĐTBmcn dưới 5,0 hoặc Chưa đạt; kết quả thay cho cả năm',
      en: 'a failed learning year means re-assessing subjects below 5.0 or failed; the new result replaces the year’s',
    },
  },
  'TT22.Art15.1a': {
    source: 'TT22/2021',
    article: 'Điều 15 khoản 1 điểm a',
    confidence: 'verified',
    summary: {
      vi: 'Học sinh Xuất sắc: rèn luyện Tốt, học tập Tốt, ít nhất 6 môn có ĐTBmcn từ 9,0',
      en: 'Excellent Student: conduct good, learning good, at least 6 year averages ≥ 9.0',
    },
  },
  'TT22.Art15.1b': {
    source: 'TT22/2021',
    article: 'Điều 15 khoản 1 điểm b',
    confidence: 'recalled',
    summary: {
      vi: 'Học sinh Giỏi: rèn luyện Tốt và học tập Tốt',
      en: 'Good Student: conduct good and learning good',
    },
  },
} as const satisfies Record<string, RuleCitation>;

export type RuleId = keyof typeof RULES;
