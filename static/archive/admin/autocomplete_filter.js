// The admin list's autocomplete filters (archive/admin/filters.py): picking a value, or clearing
// the box, reloads the list with the filter's parameter set or removed, the rest of the query kept.
'use strict';
{
    django.jQuery(document).on('change', 'select.archive-autocomplete-filter', function() {
        const query = new URLSearchParams(this.dataset.filterQuery);
        if (this.value) {
            query.set(this.name, this.value);
        }
        const search = query.toString();
        window.location.search = search ? '?' + search : '';
    });
}
