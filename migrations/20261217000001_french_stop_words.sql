-- French stop words are dropped before accents are taken off: « à », « été », « déjà »,
-- « très » were kept as « a », « ete », « dej », « tre » (the stemmer's list has them
-- with their accents), so a search for « à jour » matched every post with « a » in it, and
-- the commonest words of the forum were these. The words already stored are made again.
create text search dictionary french_stop (template = simple, stopwords = french, accept = false);
alter text search configuration french_unaccent
    alter mapping for hword, hword_part, word with french_stop, unaccent, french_stem;

update forum_posts set body = body;
update forum_topics set title = title;
update space_directory set name = name;
