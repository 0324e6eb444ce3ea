package dev.kefu.admin.boundary;

import dev.kefu.admin.control.TableSort;
import dev.kefu.tenant.boundary.Sites;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The sites table's rows, a page at a time: counted, filtered (by name, or a site key), sorted and
 * paged by the database ({@link Sites#page}), never by the page.
 */
public class SiteRows extends LazyDataModel<SiteRow> {

  private static final long serialVersionUID = 1L;

  private final transient Sites sites;
  private final String tenantId;
  private final String baseUrl;

  SiteRows(Sites sites, String tenantId, String baseUrl) {
    this.sites = sites;
    this.tenantId = tenantId;
    this.baseUrl = baseUrl;
  }

  @Override
  public int count(Map<String, FilterMeta> filterBy) {
    return (int) Math.min(Integer.MAX_VALUE, sites.count(tenantId, filter(filterBy)));
  }

  @Override
  public List<SiteRow> load(
      int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    TableSort sort = TableSort.of(sortBy);
    String field = sort.fieldOr("name");
    boolean ascending = sort.ascending(true);
    return sites.page(tenantId, filter(filterBy), field, ascending, first, pageSize).stream()
        .map(site -> SiteRow.of(site, baseUrl))
        .toList();
  }

  @Override
  public String getRowKey(SiteRow row) {
    return row.getId();
  }

  @Override
  public SiteRow getRowData(String rowKey) {
    return getWrappedData() == null
        ? null
        : getWrappedData().stream().filter(r -> r.getId().equals(rowKey)).findFirst().orElse(null);
  }

  private static String filter(Map<String, FilterMeta> filterBy) {
    FilterMeta name = filterBy == null ? null : filterBy.get("name");
    Object value = name == null ? null : name.getFilterValue();
    return value == null ? null : value.toString();
  }
}
