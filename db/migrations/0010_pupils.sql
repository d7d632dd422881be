-- Pupils (issue 13 point 1): a school finds its pupils by name without the accents ("nguyen van an" finds
-- "Nguyễn Văn An") and by date of birth. The folded name is a generated column, so no writer can let it
-- drift from the name; the gateway folds the query the same way (services/pupil-search.ts, a test compares
-- the two on every Vietnamese letter). translate() rather than unaccent: PGlite ships no unaccent by default.
ALTER TABLE "student_biographies" ADD COLUMN "name_search" text GENERATED ALWAYS AS (lower(translate("full_name", 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ', 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'))) STORED;--> statement-breakpoint
CREATE INDEX "student_biographies_date_of_birth_idx" ON "student_biographies" USING btree ("date_of_birth");
