"""Raw document -> Article: boilerplate cleaning, title, date, outlet, companies, persons."""
