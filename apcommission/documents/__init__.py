"""Documents coming in and going out (a plain package: no models, not an installed app).

- `uploads`: checks an uploaded evidence document (PDF, Word .docx, PNG or JPEG) by name and content,
  refusing hostile files, and makes its name safe to show.
- `storage`: the private folder documents are kept in, under random names, with no URL.
- `downloads`: the response that hands a stored document to someone a view has allowed to have it.
- `exports`: CSV and XLSX downloads that are safe to open in a spreadsheet.
"""
