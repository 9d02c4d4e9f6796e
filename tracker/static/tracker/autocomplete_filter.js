'use strict';
// The measure list's autocomplete filters: choosing a document or a body reloads the list filtered by it.
window.addEventListener('load', function() {
    django.jQuery('.lu-autocomplete-filter select').on('change', function() {
        const url = new URL(window.location.href);
        url.searchParams.delete(this.name);
        url.searchParams.delete('p');
        if (this.value) {
            url.searchParams.set(this.name, this.value);
        }
        window.location.href = url.toString();
    });
});
