#!/usr/bin/env bash
# Reproduces the reference networks in this folder from the data in ../shared/reference/topologies/ (see README.md
# here for sources, licences and assumptions). Run from the repository root: bash topologies/convert.sh
# (REF=/path/to/reference/topologies to point elsewhere). The output is byte-for-byte the shipped files; every import
# is validated against equipment/default.json before it is written, and prints its warning count.
set -euo pipefail
ref=${REF:-../shared/reference/topologies}
pce() { dotnet run --project src/Continuum.Pce.Cli -c Release --no-launch-profile -- "$@"; }
X="source=XLRON (micdoh/XLRON, xlron/data/topologies), many from TopologyBench (Matzner et al. 2024)"
XL="MIT (c) 2023 Michael Doherty; cite TopologyBench where used"
S="SNDlib (sndlib.zib.de): S. Orlowski, R. Wessaly, M. Pioro, A. Tomaszewski, SNDlib 1.0 - Survivable Network Design Library, Networks 55(3):276-286, 2010"

pce topology import xlron "$ref/xlron/nsfnet_deeprmsa_undirected.json" --out topologies/nsfnet.json --name nsfnet --country US --grid benchmark \
  --source "NSFNET, 14 nodes / 22 links, the DeepRMSA benchmark version; $X" --licence "$XL"

pce topology import xlron "$ref/xlron/cost239_ptrnet_real_undirected.json" --out topologies/cost239.json --name cost239 --country DE \
  --name-of 1=London --name-of 2=Paris --name-of 3=Brussels --name-of 4=Amsterdam --name-of 5=Luxembourg --name-of 6=Zurich \
  --name-of 7=Milan --name-of 8=Copenhagen --name-of 9=Berlin --name-of 10=Prague --name-of 11=Vienna \
  --country-of London=GB --country-of Paris=FR --country-of Brussels=BE --country-of Amsterdam=NL --country-of Luxembourg=LU \
  --country-of Zurich=CH --country-of Milan=IT --country-of Copenhagen=DK --country-of Berlin=DE --country-of Prague=CZ --country-of Vienna=AT \
  --source "COST239 pan-European network, classic link table (210-1310 km); $X" --licence "$XL"

pce topology import xlron "$ref/xlron/usnet_ptrnet_undirected.json" --out topologies/usnet.json --name usnet --country US \
  --name-of 1=Seattle --name-of 2=Portland --name-of 3=San-Francisco --name-of 4=Las-Vegas --name-of 5=Los-Angeles --name-of 6=Fargo \
  --name-of 7=Denver --name-of 8=Phoenix --name-of 9=Lincoln --name-of 10=Albuquerque --name-of 11=Milwaukee --name-of 12=St-Louis \
  --name-of 13=Dallas --name-of 14=Houston --name-of 15=Pittsburgh --name-of 16=Nashville --name-of 17=Montgomery --name-of 18=Mobile \
  --name-of 19=Albany --name-of 20=Boston --name-of 21=Washington --name-of 22=Charlotte --name-of 23=Atlanta --name-of 24=Miami \
  --source "USNET, 24 nodes / 43 links (250-2800 km variant); $X" --licence "$XL"

pce topology import xlron "$ref/xlron/japan12_undirected.json" --out topologies/jpn12.json --name jpn12 --country JP \
  --source "JPN12 Japanese backbone, 12 nodes / 17 links; $X" --licence "$XL"

pce topology import xlron "$ref/xlron/japan48_undirected.json" --out topologies/jpn48.json --name jpn48 --country JP \
  --source "JPN48 Japanese network, 48 nodes / 82 links, with coordinates (15-1137 km); $X" --licence "$XL"

pce topology import sndlib "$ref/sndlib/germany50.txt" --out topologies/germany50.json --name germany50 --country DE --route-factor 1.2 \
  --source "$S (germany50)" --licence "SNDlib; cite the paper above"

pce topology import xlron "$ref/xlron/geant_undirected.json" --out topologies/geant.json --name geant --country DE \
  --country-of Vienna=AT --country-of Brussels=BE --country-of Geneve=CH --country-of Karlin=CZ --country-of "Frankfurt am Main=DE" \
  --country-of Madrid=ES --country-of Paris=FR --country-of Perama=GR --country-of "Zagreb - Centar=HR" --country-of "Budapest VIII. keruelet=HU" \
  --country-of Dublin=IE --country-of 'Giv`atayim=IL' --country-of Milano=IT --country-of Luxembourg=LU --country-of Duivendrecht=NL \
  --country-of Brooklyn=US --country-of Poznan=PL --country-of Lisbon=PT --country-of Bromma=SE --country-of Ljubljana=SI \
  --country-of Bratislava=SK --country-of London=GB \
  --source "GEANT pan-European research network, 22 nodes / 36 links; $X" --licence "$XL"

pce topology import xlron "$ref/xlron/conus_undirected.json" --out topologies/coronet-conus.json --name coronet-conus --country US \
  --positions-from "$ref/xlron/coronet_undirected.json" --positions-from "$ref/xlron/usa100_undirected.json" \
  --position "Abilene=32.4487,-99.7331" --position "Austin=30.2672,-97.7431" --position "Bismarck=46.8083,-100.7837" \
  --position "Fresno=36.7378,-119.7871" --position "Long Island=40.7891,-73.1350" --position "Norfolk=36.8508,-76.2859" \
  --position "Oakland=37.8044,-122.2712" --position "Rochester=43.1566,-77.6088" --position "Santa Barbara=34.4208,-119.6982" \
  --position "Washington DC=38.9072,-77.0369" --position "West Palm Beach=26.7153,-80.0534" --position "Wilmington=39.7391,-75.5398" \
  --source "CORONET CONUS, 75 nodes / 99 links (link lengths as published; positions of the city names from public coordinates); $X" --licence "$XL"

pce topology import xlron "$ref/xlron/usa100_undirected.json" --out topologies/usa100.json --name usa100 --country US \
  --source "USA100, 100 nodes / 171 links; $X" --licence "$XL"

dotnet run --project tools/Continuum.Pce.TopologyGenerator -c Release -- demo --out topologies/continuum-demo.json
dotnet run --project tools/Continuum.Pce.TopologyGenerator -c Release -- synthetic --nodes 1000 --degree 3 --seed 1 --out topologies/synthetic-1000.json
