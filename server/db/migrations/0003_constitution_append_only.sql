-- A constitution version, once written, is never changed: the next version supersedes it.
CREATE TRIGGER constitution_versions_append_only BEFORE UPDATE OR DELETE ON constitution_versions
  FOR EACH ROW EXECUTE FUNCTION mutual_refuse_change();
